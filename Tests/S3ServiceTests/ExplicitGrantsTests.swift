import AWSWire
import Testing
@testable import S3Service

/// "Access control list (ACL) overview": grant headers and bodies read as S3 reads them, and grants that are a canned
/// ACL's kept as its name.
@Suite struct ExplicitGrantsTests {
    let id = String(repeating: "ab", count: 32)

    @Test func headersListGranteesOfEachPermission() throws {
        let input: AWSValue = .object(["GrantRead": .string("uri=\"\(CannedACL.allUsers)\", id=\"\(id)\""), "GrantWriteACP": .string("id=\(id)")])
        let grants = try #require(try ExplicitGrants.fromHeaders(input))
        #expect(Set(grants) == [CannedACL.Grant(grantee: .group(CannedACL.allUsers), permission: "READ"),
                                CannedACL.Grant(grantee: .canonical(id), permission: "READ"), CannedACL.Grant(grantee: .canonical(id), permission: "WRITE_ACP")])
        #expect(ExplicitGrants.isPublic(grants))
        #expect(try ExplicitGrants.fromHeaders(.object([:])) == nil)
    }

    @Test func badGranteesAreRefused() {
        for value in ["emailAddress=\"a@b.c\"", "id=\"short\"", "uri=\"http://example.com\"", "nonsense"] {
            #expect(throws: AWSError.self) { try ExplicitGrants.fromHeaders(.object(["GrantRead": .string(value)])) }
        }
        #expect(throws: AWSError.self) { try ExplicitGrants.fromHeaders(.object(["GrantRead": .string("id=\(id)"), "ACL": "private"])) }
    }

    @Test func grantsThatAreACannedACLKeepItsName() {
        let owner = "111122223333"
        let grants = CannedACL.grants("public-read", owner: owner, bucketOwner: owner).map(CannedACL.byId)
        #expect(ExplicitGrants.requested(grants, owner: owner, bucketOwner: owner, candidates: ACLs.objectACLs) == .canned("public-read"))
        let custom = [CannedACL.Grant(grantee: .canonical(id), permission: "READ")]
        #expect(ExplicitGrants.requested(custom, owner: owner, bucketOwner: owner, candidates: ACLs.objectACLs) == .grants(custom))
        #expect(ExplicitGrants.ownerOnly([CannedACL.Grant(grantee: .canonical(S3Owner.canonicalId(owner)), permission: "FULL_CONTROL")], owners: [owner]))
        #expect(!ExplicitGrants.ownerOnly(custom, owners: [owner]))
    }
}
