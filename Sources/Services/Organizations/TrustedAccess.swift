import AWSWire
import Foundation
import NimbusCore
import State

/// A service given trusted access to the organization ("Using AWS Organizations with other AWS services"),
/// stored under `organization|servicePrincipal`.
struct OrgServiceAccess: Resource {
    static let kind = "organizations.serviceaccess"
    var organizationId: String
    var servicePrincipal: String
    var enabled: Date

    static func key(_ organization: String, _ service: String) -> String { "\(organization)|\(service)" }
}

/// EnableAWSServiceAccess, DisableAWSServiceAccess, ListAWSServiceAccessForOrganization. Trusted access needs all
/// features; enabling or disabling twice changes nothing.
enum TrustedAccess {
    static func enable(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let service = input["ServicePrincipal"]?.string ?? ""
        try DelegatedAdministrators.checkService(service)
        try context.store.write { tx in
            let organization = try OrgTree.managed(context, tx.view)
            guard organization.featureSet == "ALL" else {
                throw OrgErrors.constraint("ORGANIZATION_NOT_IN_ALL_FEATURES_MODE",
                                           "You attempted to perform an operation that requires the organization to be configured to support all features.")
            }
            let key = OrgServiceAccess.key(organization.id, service)
            guard tx.get(OrgServiceAccess.self, key, in: OrgTree.partition) == nil else { return }
            tx.put(OrgServiceAccess(organizationId: organization.id, servicePrincipal: service, enabled: context.now), id: key, in: OrgTree.partition)
        }
        return [:]
    }

    static func disable(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let service = input["ServicePrincipal"]?.string ?? ""
        try DelegatedAdministrators.checkService(service)
        try context.store.write { tx in
            let organization = try OrgTree.managed(context, tx.view)
            let key = OrgServiceAccess.key(organization.id, service)
            if tx.get(OrgServiceAccess.self, key, in: OrgTree.partition) != nil { tx.delete(OrgServiceAccess.self, key, in: OrgTree.partition) }
        }
        return [:]
    }

    static func list(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let rows = try context.store.read { view -> [AWSValue] in
            let organization = try OrgTree.reader(context, view)
            return view.all(OrgServiceAccess.self, in: OrgTree.partition).values.filter { $0.organizationId == organization.id }
                .map { ["ServicePrincipal": .string($0.servicePrincipal), "DateEnabled": .timestamp($0.enabled)] }
        }
        return try OrgTree.page("EnabledServicePrincipals", rows, input)
    }
}
