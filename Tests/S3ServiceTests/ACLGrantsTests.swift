import Foundation
import Testing
@testable import S3Service

/// "Mapping of ACL permissions and access policy permissions": what canned ACLs grant to everyone, as statements.
@Suite struct ACLGrantsTests {
    @Test func bucketAndObjectGrants() {
        let bucket = S3ARN.bucket("b1"), object = S3ARN.object("b1", "k")
        #expect(ACLGrants.statements(bucketACL: "public-read", objectACL: nil, bucket: "b1", resource: bucket).count == 1)
        #expect(ACLGrants.statements(bucketACL: "public-read", objectACL: nil, bucket: "b1", resource: object).isEmpty)
        #expect(ACLGrants.statements(bucketACL: "public-read-write", objectACL: nil, bucket: "b1", resource: object).first?["Action"] as? [String]
            == ACLGrants.bucketWrite)
        #expect(ACLGrants.statements(bucketACL: "private", objectACL: "public-read", bucket: "b1", resource: object).first?["Action"] as? [String]
            == ACLGrants.objectRead)
        let signed = ACLGrants.statements(bucketACL: nil, objectACL: "authenticated-read", bucket: "b1", resource: object)
        #expect(signed.first?["Condition"] != nil)
        #expect(ACLGrants.statements(bucketACL: "private", objectACL: "bucket-owner-full-control", bucket: "b1", resource: object).isEmpty)
    }

    @Test func mergedKeepsThePolicy() throws {
        let policy = #"{"Version":"2008-10-17","Statement":{"Effect":"Deny","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b1/x"}}"#
        let grants = ACLGrants.statements(bucketACL: nil, objectACL: "public-read", bucket: "b1", resource: S3ARN.object("b1", "k"))
        let merged = try #require(ACLGrants.merged(policy: policy, with: grants))
        let document = try #require(try JSONSerialization.jsonObject(with: Data(merged.utf8)) as? [String: Any])
        #expect(document["Version"] as? String == "2008-10-17")
        #expect((document["Statement"] as? [Any])?.count == 2)
    }
}
