import AWSWire
import Foundation
import NimbusCore
import State

/// RegisterDelegatedAdministrator, DeregisterDelegatedAdministrator, ListDelegatedAdministrators,
/// ListDelegatedServicesForAccount ("Delegated administrator for AWS Organizations").
enum DelegatedAdministrators {
    private static func inputs(_ input: AWSValue) throws -> (account: String, service: String) {
        let account = input["AccountId"]?.string ?? ""
        let service = input["ServicePrincipal"]?.string ?? ""
        try OrgTree.checkAccountId(account)
        try checkService(service)
        return (account, service)
    }

    static func checkService(_ service: String) throws {
        guard service.hasSuffix(".amazonaws.com"), service.count > 14 else {
            throw OrgErrors.invalidInput("UNRECOGNIZED_SERVICE_PRINCIPAL", "You specified an unrecognized service principal: \(service).")
        }
    }

    static func register(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let (account, service) = try inputs(input)
        try context.store.write { tx in
            let organization = try OrgTree.managed(context, tx.view)
            guard OrgTree.account(account, in: organization, tx.view) != nil else { throw OrgErrors.accountNotFound() }
            guard account != organization.managementAccount else {
                throw OrgErrors.constraint("CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR",
                                           "You can't register the management account of your organization as a delegated administrator for an AWS service integrated with Organizations.")
            }
            let key = OrgDelegatedAdministrator.key(account, service)
            guard tx.get(OrgDelegatedAdministrator.self, key, in: OrgTree.partition) == nil else {
                throw AWSError("AccountAlreadyRegisteredException", "The provided account is already a delegated administrator for your organization.")
            }
            tx.put(OrgDelegatedAdministrator(accountId: account, organizationId: organization.id, servicePrincipal: service, enabled: context.now),
                   id: key, in: OrgTree.partition)
        }
        return [:]
    }

    static func deregister(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let (account, service) = try inputs(input)
        try context.store.write { tx in
            let organization = try OrgTree.managed(context, tx.view)
            guard OrgTree.account(account, in: organization, tx.view) != nil else { throw OrgErrors.accountNotFound() }
            let key = OrgDelegatedAdministrator.key(account, service)
            guard tx.get(OrgDelegatedAdministrator.self, key, in: OrgTree.partition) != nil else {
                throw AWSError("AccountNotRegisteredException", "The provided account is not a registered delegated administrator for your organization.")
            }
            tx.delete(OrgDelegatedAdministrator.self, key, in: OrgTree.partition)
        }
        return [:]
    }

    static func list(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let service = input["ServicePrincipal"]?.string
        if let service { try checkService(service) }
        let rows = try context.store.read { view -> [AWSValue] in
            let organization = try OrgTree.reader(context, view)
            let admins = view.all(OrgDelegatedAdministrator.self, in: OrgTree.partition).values
                .filter { $0.organizationId == organization.id && (service == nil || $0.servicePrincipal == service) }
            var seen: Set<String> = []
            return admins.compactMap { admin -> AWSValue? in
                guard seen.insert(admin.accountId).inserted, let account = OrgTree.account(admin.accountId, in: organization, view) else { return nil }
                var row = OrgTree.accountOutput(account, in: organization, view).object ?? [:]
                row["Paths"] = nil
                row["DelegationEnabledDate"] = .timestamp(admin.enabled)
                return .object(row)
            }
        }
        return try OrgTree.page("DelegatedAdministrators", rows, input)
    }

    static func listServices(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let account = input["AccountId"]?.string ?? ""
        try OrgTree.checkAccountId(account)
        let rows = try context.store.read { view -> [AWSValue] in
            let organization = try OrgTree.reader(context, view)
            guard OrgTree.account(account, in: organization, view) != nil else { throw OrgErrors.accountNotFound() }
            let services = view.all(OrgDelegatedAdministrator.self, in: OrgTree.partition).values
                .filter { $0.organizationId == organization.id && $0.accountId == account }
            guard !services.isEmpty else {
                throw AWSError("AccountNotRegisteredException", "The provided account is not a registered delegated administrator for your organization.")
            }
            return services.map { ["ServicePrincipal": .string($0.servicePrincipal), "DelegationEnabledDate": .timestamp($0.enabled)] }
        }
        return try OrgTree.page("DelegatedServices", rows, input)
    }
}
