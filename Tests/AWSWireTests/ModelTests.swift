import AWSModels
import Testing
@testable import AWSWire

@Suite struct ModelTests {
    @Test func everyEmbeddedModelLoads() throws {
        for info in EmbeddedModels.services {
            let model = try ModelRegistry.shared.model(info.name)
            #expect(model.operations.count == info.operationCount)
            #expect(model.metadata.wireProtocol.rawValue == info.protocol)
            // Every member resolves to a shape of the same name.
            for shape in model.shapes {
                for member in shape.members { #expect(model.shape(of: member).name == member.shapeName) }
            }
        }
    }

    @Test func unknownServiceIsAnError() {
        #expect(throws: ModelError.self) { try ModelRegistry().model("nosuchservice") }
    }

    @Test func errorStatusesComeFromTheModel() throws {
        let iam = try ModelRegistry.shared.model("iam")
        #expect(iam.errorShape(code: "NoSuchEntity")?.errorStatus == 404)
        #expect(iam.errorShape(code: "EntityAlreadyExists")?.errorStatus == 409)
    }

    @Test func uriTemplatesMatch() {
        let template = URITemplate("/{Bucket}/{Key+}?uploads")
        #expect(template.match(["b", "a", "b", "c.txt"]) == ["Bucket": "b", "Key": "a/b/c.txt"])
        #expect(template.queryLiterals.map(\.key) == ["uploads"])
        #expect(URITemplate("/2015-03-31/functions/{FunctionName}").match(["2015-03-31", "functions"]) == nil)
    }

    // "Naming Amazon S3 objects": `folder/` is a key of its own (the console's folders), not `folder`.
    @Test func greedyLabelsKeepTrailingSlashes() {
        let object = URITemplate("/{Bucket}/{Key+}")
        #expect(object.match(RestRouting.pathSegments("/b/dir/")) == ["Bucket": "b", "Key": "dir/"])
        #expect(object.match(RestRouting.pathSegments("/b/a//")) == ["Bucket": "b", "Key": "a//"])
        #expect(object.match(RestRouting.pathSegments("/b/")) == nil)
        #expect(URITemplate("/{Bucket}").match(RestRouting.pathSegments("/b/")) == ["Bucket": "b"])
        #expect(URITemplate("/{Bucket}").match(RestRouting.pathSegments("/b//")) == ["Bucket": "b"])
        #expect(URITemplate("/2015-03-31/functions/").match(RestRouting.pathSegments("/2015-03-31/functions")) == [:])
    }

    // The model's httpChecksum says which operations' checksum headers describe their body: DeleteObjects' do and
    // are required; CompleteMultipartUpload's are the whole object's, a member of their own.
    @Test func requestChecksumsFromTheModel() throws {
        let s3 = try ModelRegistry.shared.model("s3")
        #expect(s3.operations["DeleteObjects"]?.requestChecksumRequired == true)
        #expect(s3.operations["DeleteObjects"]?.hasRequestChecksum == true)
        #expect(s3.operations["CompleteMultipartUpload"]?.hasRequestChecksum == false)
        #expect(s3.operations["GetObject"]?.requestChecksumRequired == false)
    }
}

