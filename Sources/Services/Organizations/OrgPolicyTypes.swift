import Foundation

/// The policy types Nimbus stores, and the one AWS managed SCP ("Managing AWS Organizations policies",
/// "Service control policies (SCPs)": FullAWSAccess).
enum OrgPolicyTypes {
    static let serviceControl = "SERVICE_CONTROL_POLICY"
    /// Kept and validated as JSON; SCPs are also checked with the policy engine's SCP grammar.
    static let supported: Set<String> = [serviceControl, "TAG_POLICY", "BACKUP_POLICY", "AISERVICES_OPT_OUT_POLICY"]
    /// Management policy types (tag, backup, AI opt-out) need all features too, as SCPs do.
    static let fullAWSAccessId = "p-FullAWSAccess"
    static let fullAWSAccessArn = "arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess"
    static let fullAWSAccessContent = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#
    /// "Quotas for AWS Organizations": an SCP document holds at most 5,120 characters, other types 10,000;
    /// at most five SCPs on one root, OU or account.
    static let scpMaxCharacters = 5120
    static let otherMaxCharacters = 10_000
    static let maxAttachedPerTarget = 5

    static let fullAWSAccess = OrgPolicy(
        id: fullAWSAccessId, organizationId: "", name: "FullAWSAccess", description: "Allows access to every operation",
        type: serviceControl, content: fullAWSAccessContent)

    /// `service_control_policy`, as policy ARNs spell the type.
    static func arnSegment(_ type: String) -> String { type.lowercased() }

    static func arn(_ policy: OrgPolicy, in organization: Organization) -> String {
        if policy.id == fullAWSAccessId { return fullAWSAccessArn }
        return "arn:aws:organizations::\(organization.managementAccount):policy/\(organization.id)/\(arnSegment(policy.type))/\(policy.id)"
    }
}
