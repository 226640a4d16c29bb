import AWSWire
import Foundation
import NimbusCore
import State

/// Service-linked roles ("Using service-linked roles", "CreateServiceLinkedRole", "DeleteServiceLinkedRole"): a
/// role a service owns, under `/aws-service-role/SERVICE/`, trusted by that service only. Users may not change or
/// delete it with the ordinary calls (UnmodifiableEntity); DeleteServiceLinkedRole starts a deletion task.
/// Service control policies do not bind it.
enum ServiceLinkedRoles {
    /// AWS's names for the roles of the services most often met; others follow the same pattern from the
    /// service's name (`AWSServiceRoleFor` + the name in capitals where AWS writes it so).
    static let knownNames: [String: String] = [
        "autoscaling.amazonaws.com": "AWSServiceRoleForAutoScaling",
        "elasticloadbalancing.amazonaws.com": "AWSServiceRoleForElasticLoadBalancing",
        "ecs.amazonaws.com": "AWSServiceRoleForECS",
        "rds.amazonaws.com": "AWSServiceRoleForRDS",
        "spot.amazonaws.com": "AWSServiceRoleForEC2Spot",
        "spotfleet.amazonaws.com": "AWSServiceRoleForEC2SpotFleet",
        "organizations.amazonaws.com": "AWSServiceRoleForOrganizations",
        "lambda.amazonaws.com": "AWSServiceRoleForLambda",
        "ec2.amazonaws.com": "AWSServiceRoleForEC2",
        "eks.amazonaws.com": "AWSServiceRoleForAmazonEKS",
        "access-analyzer.amazonaws.com": "AWSServiceRoleForAccessAnalyzer",
        "transitgateway.amazonaws.com": "AWSServiceRoleForVPCTransitGateway",
        "cloudtrail.amazonaws.com": "AWSServiceRoleForCloudTrail",
        "config.amazonaws.com": "AWSServiceRoleForConfig",
        "sso.amazonaws.com": "AWSServiceRoleForSSO",
    ]

    static let pathPrefix = "/aws-service-role/"

    static func isServiceLinked(_ role: IAMRole) -> Bool { role.path.hasPrefix(pathPrefix) }

    static func roleName(for service: String) -> String {
        if let known = knownNames[service] { return known }
        let name = service.split(separator: ".").first.map(String.init) ?? service
        return "AWSServiceRoleFor" + name.prefix(1).uppercased() + name.dropFirst()
    }

    static func create(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let service = input["AWSServiceName"]?.string ?? ""
        guard service.hasSuffix(".amazonaws.com"), service.count > ".amazonaws.com".count,
              service.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" }) else {
            throw IAMErrors.invalidInput("Invalid service name: \(service). The service name must be a service principal, such as elasticloadbalancing.amazonaws.com.")
        }
        var name = roleName(for: service)
        if let suffix = input["CustomSuffix"]?.string { name += "_" + suffix }
        let path = "\(pathPrefix)\(service)/"
        let trust = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"\#(service)"},"Action":"sts:AssumeRole"}]}"#
        let role = try context.store.write { tx in
            guard tx.get(IAMRole.self, name.lowercased(), in: context.globalPartition) == nil else {
                throw IAMErrors.invalidInput("Service role name \(name) has been taken in this account, please try a different suffix.")
            }
            let role = IAMRole(roleName: name, roleId: context.ids.iamId("AROA"), path: path,
                               arn: "arn:aws:iam::\(context.account):role\(path)\(name)", created: context.now,
                               assumeRolePolicyDocument: trust, description: input["Description"]?.string,
                               maxSessionDuration: 3600, tags: [])
            tx.put(role, id: name.lowercased(), in: context.globalPartition)
            return role
        }
        return ["Role": role.output]
    }

    static func delete(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let name = input["RoleName"]?.string ?? ""
        let task = try context.store.write { tx -> String in
            let role = try IAMRole.load(name, tx.view, context.globalPartition)
            guard isServiceLinked(role) else {
                throw IAMErrors.invalidInput("Role \(role.roleName) is not a service-linked role.")
            }
            if tx.all(IAMInstanceProfile.self, in: context.globalPartition).values.contains(where: { $0.roleNames.contains(role.roleName) }) {
                throw IAMErrors.deleteConflict("remove roles from instance profile")
            }
            tx.delete(IAMRole.self, name.lowercased(), in: context.globalPartition)
            // The deletion runs at once here; its task answers SUCCEEDED from then on.
            let task = "task\(role.path)\(role.roleName)/\(context.ids.uuid())"
            tx.put(DeletionTask(id: task), id: task, in: context.globalPartition)
            return task
        }
        return ["DeletionTaskId": .string(task)]
    }

    static func deletionStatus(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let id = input["DeletionTaskId"]?.string ?? ""
        guard context.store.read({ $0.get(DeletionTask.self, id, in: context.globalPartition) }) != nil else {
            throw IAMErrors.noSuchEntity("Deletion task \(id) cannot be found.")
        }
        return ["Status": "SUCCEEDED"]
    }

    /// "Service-linked role permissions": the ordinary calls may not change or delete a service-linked role.
    static func refuseChange(_ role: IAMRole) throws {
        guard isServiceLinked(role) else { return }
        throw AWSError("UnmodifiableEntity", "Cannot perform the operation on the protected role '\(role.roleName)' - this role is only modifiable by AWS", status: 400)
    }

    struct DeletionTask: Resource {
        static let kind = "iam.slr-deletion-task"
        var id: String
    }
}
