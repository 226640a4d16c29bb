import AWSWire
import Foundation
import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Answers `Expect: 100-continue` with `100 Continue` as soon as the request head arrives. Botocore sends the
/// header with every S3 upload and otherwise waits a full second before sending the body anyway
/// (RFC 9110 §10.1.1: a server that will read the body should send 100 Continue).
///
/// An S3 upload that declares more than S3 takes in one request (5 GiB: "Uploading objects", and the same for a
/// part) is refused here instead, with S3's `EntityTooLarge`, before the client sends a byte of it; the connection
/// is then closed, so a client that sends without waiting is not read either.
final class ExpectContinueHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundOut = HTTPResponsePart

    /// The most S3 stores from one PUT (an object or a part).
    static let s3SingleUploadLimit: Int64 = 5 << 30

    private var refusing = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        guard !refusing else { return }
        if case .head(let head) = part {
            if let size = Self.oversizeS3Upload(head) {
                refuse(size, context: context)
                return
            }
            if head.headerFields[.expect]?.lowercased() == "100-continue" {
                context.writeAndFlush(wrapOutboundOut(.head(HTTPResponse(status: .continue))), promise: nil)
            }
        }
        context.fireChannelRead(data)
    }

    /// A browser upload's form may exceed its file by its fields and boundaries (S3 takes 20 KB of fields).
    static let formOverhead: Int64 = 1 << 20

    /// The declared size of a PUT signed for S3 (or unsigned: S3's presigned and anonymous uploads), or of a
    /// browser upload's form (a POST of multipart/form-data), over the limit.
    static func oversizeS3Upload(_ head: HTTPRequest) -> Int64? {
        let isForm = head.method == .post && head.headerFields[.contentType]?.lowercased().hasPrefix("multipart/form-data") == true
        guard head.method == .put || isForm else { return nil }
        let declared = head.headerFields[HTTPField.Name("x-amz-decoded-content-length")!] ?? head.headerFields[.contentLength]
        guard let size = declared.flatMap(Int64.init), size > s3SingleUploadLimit + (isForm ? formOverhead : 0) else { return nil }
        let authorization = head.headerFields[.authorization] ?? ""
        let query = head.path ?? ""
        let signedForOtherService = authorization.contains("Credential=") && !authorization.contains("/s3/aws4_request")
            || query.contains("X-Amz-Credential=") && !query.contains("%2Fs3%2Faws4_request")
        return signedForOtherService ? nil : size
    }

    private func refuse(_ size: Int64, context: ChannelHandlerContext) {
        refusing = true
        let error = AWSError("EntityTooLarge", "Your proposed upload exceeds the maximum allowed size", status: 400,
                             fields: [("ProposedSize", String(size)), ("MaxSizeAllowed", String(Self.s3SingleUploadLimit))])
        let requestId = UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).uppercased()
        let wire = WireCodec.encodeError(error, wireProtocol: .restXML, model: nil, requestId: String(requestId))
        var response = HTTPResponse(status: .init(code: wire.status))
        for (name, value) in wire.headers {
            if let field = HTTPField.Name(name) { response.headerFields.append(HTTPField(name: field, value: value)) }
        }
        response.headerFields[.contentLength] = String(wire.body.count)
        response.headerFields[.connection] = "close"
        context.write(wrapOutboundOut(.head(response)), promise: nil)
        context.write(wrapOutboundOut(.body(context.channel.allocator.buffer(bytes: wire.body))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in context.close(promise: nil) }
    }
}
