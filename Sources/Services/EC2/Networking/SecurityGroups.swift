import AWSWire
import NimbusCore
import State

/// Security groups and their rules ("Security groups for your VPC", "Security group rules",
/// "Amazon VPC quotas", EC2 API Reference).
enum SecurityGroups {
    /// "Amazon VPC quotas": VPC security groups per Region.
    static let groupsPerRegion = 2500
    /// "Security group rules": names and descriptions, up to 255 characters of a-z, A-Z, 0-9, spaces
    /// and ._-:/()#,@[]+=&;{}!$*.
    static let allowedCharacters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ._-:/()#,@[]+=&;{}!$*")

    static func checkText(_ text: String, _ parameter: String) throws {
        guard !text.isEmpty else { throw EC2Errors.missingParameter(parameter) }
        guard text.count <= 255, text.allSatisfy(allowedCharacters.contains) else {
            throw EC2Errors.invalidParameterValue("Value (\(text)) for parameter \(parameter) is invalid. Character sets beyond ASCII are not supported.")
        }
    }

    /// The VPC a call names, or the default VPC (VPCIdNotSpecified when there is none).
    static func vpcId(_ input: AWSValue, _ view: StoreView, _ context: RequestContext) throws -> String {
        if let id = input["VpcId"]?.string { return try NetworkView(view, context).load(VPC.self, id).id }
        guard let vpc = RegionNetwork.defaultVPC(view, context.regionalPartition) else {
            throw AWSError("VPCIdNotSpecified", "No default VPC for this user")
        }
        return vpc.id
    }

    static func create(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let name = input["GroupName"]?.string ?? ""
        let description = input["Description"]?.string ?? ""
        try checkText(name, "GroupName")
        try checkText(description, "GroupDescription")
        guard !name.lowercased().hasPrefix("sg-") else {
            throw EC2Errors.invalidParameterValue("Group names may not be in the format sg-*.")
        }
        guard name != "default" else {
            throw AWSError("InvalidGroup.Reserved", "The security group 'default' is reserved")
        }
        let tags = try Tags.fromSpecifications(input, SecurityGroup.resourceType)
        let partition = context.regionalPartition
        let group = try context.store.write { tx in
            let vpcId = try vpcId(input, tx.view, context)
            let groups = tx.every(SecurityGroup.self, in: partition)
            guard !groups.contains(where: { $0.vpcId == vpcId && $0.name == name }) else {
                throw AWSError("InvalidGroup.Duplicate", "The security group '\(name)' already exists for VPC '\(vpcId)'")
            }
            guard groups.count < groupsPerRegion else {
                throw AWSError("SecurityGroupLimitExceeded", "The maximum number of security groups has been reached.")
            }
            // "Security groups": a new group has no inbound rules and allows all outbound traffic.
            var rules = [SecurityGroup.Rule(id: context.ids.resourceId("sgr"), isEgress: true, ipProtocol: "-1", cidrIpv4: "0.0.0.0/0")]
            if tx.get(VPC.self, vpcId, in: partition)?.ipv6Blocks.isEmpty == false {
                rules.append(SecurityGroup.Rule(id: context.ids.resourceId("sgr"), isEgress: true, ipProtocol: "-1", cidrIpv6: "::/0"))
            }
            let group = SecurityGroup(id: context.ids.resourceId("sg"), name: name, description: description, vpcId: vpcId,
                                      ownerId: context.account, rules: rules, tags: tags)
            tx.save(group, in: partition)
            return group
        }
        return .structure(["GroupId": .string(group.id), "Tags": group.tagsIfAny,
                           "SecurityGroupArn": .string(group.arn(context.region))])
    }

    /// The group a call names by `GroupId`, or by `GroupName` in the default VPC.
    static func find(_ input: AWSValue, _ view: StoreView, _ context: RequestContext) throws -> SecurityGroup {
        let network = NetworkView(view, context)
        if let id = input["GroupId"]?.string { return try network.load(SecurityGroup.self, id) }
        guard let name = input["GroupName"]?.string else { throw EC2Errors.missingParameter("groupId") }
        guard let vpc = RegionNetwork.defaultVPC(view, context.regionalPartition) else {
            throw AWSError("VPCIdNotSpecified", "No default VPC for this user")
        }
        guard let group = network.all(SecurityGroup.self).first(where: { $0.vpcId == vpc.id && $0.name == name }) else {
            throw AWSError("InvalidGroup.NotFound", "The security group '\(name)' does not exist in default VPC '\(vpc.id)'")
        }
        return group
    }

    static func delete(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let partition = context.regionalPartition
        let id = try context.store.write { tx in
            let group = try find(input, tx.view, context)
            guard !group.isDefault else {
                throw AWSError("CannotDelete", "the specified group: \"\(group.id)\" name: \"default\" cannot be deleted by a user")
            }
            let referenced = tx.every(SecurityGroup.self, in: partition).contains { other in
                other.id != group.id && other.rules.contains { $0.referencedGroupId == group.id }
            }
            let inUse = tx.every(NetworkInterface.self, in: partition).contains { $0.groups.contains(group.id) }
            guard !referenced, !inUse else {
                throw EC2Errors.dependencyViolation("resource \(group.id) has a dependent object")
            }
            tx.remove(SecurityGroup.self, group.id, in: partition)
            return group.id
        }
        return ["Return": true, "GroupId": .string(id)]
    }

    static func describe(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let names = input["GroupNames"]?.strings ?? []
        guard !names.isEmpty else {
            return try EC2Describe.describe(SecurityGroup.self, input, context, idsMember: "GroupIds", outputMember: "SecurityGroups")
        }
        // "DescribeSecurityGroups": GroupNames are looked up in the default VPC.
        let ids = try context.store.read { view in
            try names.map { try find(["GroupName": .string($0)], view, context).id }
        }
        var narrowed = input.object ?? [:]
        narrowed["GroupIds"] = .list((input["GroupIds"]?.strings ?? []).map(AWSValue.string) + ids.map(AWSValue.string))
        return try EC2Describe.describe(SecurityGroup.self, .object(narrowed), context, idsMember: "GroupIds", outputMember: "SecurityGroups")
    }

    // MARK: Rules

    static func authorizeIngress(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        try authorize(input, context, egress: false)
    }

    static func authorizeEgress(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        try authorize(input, context, egress: true)
    }

    private static func authorize(_ input: AWSValue, _ context: RequestContext, egress: Bool) throws -> AWSValue {
        let partition = context.regionalPartition
        let tags = try Tags.fromSpecifications(input, "security-group-rule")
        let (group, added) = try context.store.write { tx in
            var group = try find(input, tx.view, context)
            var added = try SecurityGroupRuleInput.rules(SecurityGroupRuleInput.permissions(input), egress: egress, group: group,
                                                         NetworkView(tx.view, context), context)
            for index in added.indices { added[index].tags = tags }
            var asked: Set<[String?]> = []
            for rule in added where !asked.insert(rule.identity).inserted {
                throw EC2Errors.invalidParameterValue("The same permission must not appear multiple times")
            }
            let existing = Set(group.rules.map(\.identity))
            for rule in added where existing.contains(rule.identity) {
                throw AWSError("InvalidPermission.Duplicate",
                               "the specified rule \"\(SecurityGroupRuleInput.describe(rule))\" already exists")
            }
            group.rules += added
            try SecurityGroups.checkQuota(group, egress: egress)
            tx.save(group, in: partition)
            return (group, added)
        }
        return ["Return": true, "SecurityGroupRules": .list(added.map { group.ruleOutput($0, region: context.region) })]
    }

    /// "Amazon VPC quotas": 60 inbound and 60 outbound rules, counted separately for IPv4 and IPv6; a rule
    /// that references a group or a prefix list counts once in each.
    static func checkQuota(_ group: SecurityGroup, egress: Bool) throws {
        let rules = group.rules.filter { $0.isEgress == egress }
        let ipv4 = rules.filter { $0.cidrIpv6 == nil }.count
        let ipv6 = rules.filter { $0.cidrIpv4 == nil }.count
        guard max(ipv4, ipv6) <= SecurityGroup.rulesPerDirection else {
            throw AWSError("RulesPerSecurityGroupLimitExceeded", "The maximum number of rules per security group has been reached.")
        }
    }

    static func revokeIngress(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        try revoke(input, context, egress: false)
    }

    static func revokeEgress(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        try revoke(input, context, egress: true)
    }

    /// "RevokeSecurityGroupIngress": rules are matched on protocol, ports and source. In a nondefault VPC a
    /// rule that does not exist is InvalidPermission.NotFound and nothing is revoked; in the default VPC the
    /// call succeeds and lists the unknown permissions.
    private static func revoke(_ input: AWSValue, _ context: RequestContext, egress: Bool) throws -> AWSValue {
        let partition = context.regionalPartition
        let ruleIds = input["SecurityGroupRuleIds"]?.strings ?? []
        return try context.store.write { tx in
            var group = try find(input, tx.view, context)
            var doomed: [SecurityGroup.Rule] = []
            var unknown: [SecurityGroup.Rule] = []
            for id in ruleIds {
                guard let rule = group.rules.first(where: { $0.id == id && $0.isEgress == egress }) else {
                    throw AWSError("InvalidSecurityGroupRuleId.NotFound", "The security group rule ID '\(id)' does not exist")
                }
                doomed.append(rule)
            }
            let asked = try SecurityGroupRuleInput.rules(SecurityGroupRuleInput.permissions(input), egress: egress, group: group,
                                                         NetworkView(tx.view, context), context)
            for rule in asked {
                if let found = group.rules.first(where: { $0.identity == rule.identity }) { doomed.append(found) } else { unknown.append(rule) }
            }
            let inDefaultVPC = tx.get(VPC.self, group.vpcId, in: partition)?.isDefault ?? false
            if !unknown.isEmpty && !inDefaultVPC {
                throw AWSError("InvalidPermission.NotFound", "The specified rule does not exist in this security group.")
            }
            let doomedIds = Set(doomed.map(\.id))
            group.rules.removeAll { doomedIds.contains($0.id) }
            tx.save(group, in: partition)
            return .structure([
                "Return": true,
                "UnknownIpPermissions": unknown.isEmpty ? nil : SecurityGroup.permissions(unknown, NetworkView(tx.view, context)),
                "RevokedSecurityGroupRules": .list(doomed.map { rule in
                    .structure(["SecurityGroupRuleId": .string(rule.id), "GroupId": .string(group.id), "IsEgress": .boolean(egress),
                                "IpProtocol": .string(rule.ipProtocol), "FromPort": rule.fromPort.map { .int($0) },
                                "ToPort": rule.toPort.map { .int($0) }, "CidrIpv4": rule.cidrIpv4.map(AWSValue.string),
                                "CidrIpv6": rule.cidrIpv6.map(AWSValue.string), "PrefixListId": rule.prefixListId.map(AWSValue.string),
                                "ReferencedSecurityGroupId": rule.referencedGroupId.map(AWSValue.string),
                                "Description": rule.description.map(AWSValue.string)])
                }),
            ])
        }
    }

    static let ruleFilterNames: Set<String> = ["group-id", "security-group-rule-id"]

    static func describeRules(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let filters = try EC2Filters(input["Filters"], allowed: ruleFilterNames.union(EC2Describe.tagFilterNames))
        let ids = input["SecurityGroupRuleIds"]?.strings ?? []
        let (maxResults, start) = try EC2Describe.pageRequest(input)
        let rows = context.store.read { view in
            NetworkView(view, context).all(SecurityGroup.self).flatMap { group in group.rules.map { (group, $0) } }
        }
        for id in ids where !rows.contains(where: { $0.1.id == id }) {
            throw AWSError("InvalidSecurityGroupRuleId.NotFound", "The security group rule ID '\(id)' does not exist")
        }
        let matched = rows.filter { group, rule in
            (ids.isEmpty || ids.contains(rule.id)) && filters.matches { name in
                switch name {
                case "group-id": return [group.id]
                case "security-group-rule-id": return [rule.id]
                default: return EC2Tag.filterValues(rule.tags, name) ?? []
                }
            }
        }
        let page = EC2Describe.page(matched, maxResults: maxResults, start: start)
        return .structure([
            "SecurityGroupRules": .list(page.items.map { $0.0.ruleOutput($0.1, region: context.region) }),
            "NextToken": page.nextToken,
        ])
    }

    static func modifyRules(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let partition = context.regionalPartition
        try context.store.write { tx in
            var group = try tx.load(SecurityGroup.self, input["GroupId"]?.string ?? "", in: partition)
            let network = NetworkView(tx.view, context)
            for update in input["SecurityGroupRules"]?.list ?? [] {
                let id = update["SecurityGroupRuleId"]?.string ?? ""
                guard let index = group.rules.firstIndex(where: { $0.id == id }) else {
                    throw AWSError("InvalidSecurityGroupRuleId.NotFound", "The security group rule ID '\(id)' does not exist")
                }
                let request = update["SecurityGroupRule"] ?? [:]
                var permission: [String: AWSValue?] = ["IpProtocol": request["IpProtocol"], "FromPort": request["FromPort"],
                                                       "ToPort": request["ToPort"]]
                let description = request["Description"]
                if let cidr = request["CidrIpv4"] { permission["IpRanges"] = [.structure(["CidrIp": cidr, "Description": description])] }
                if let cidr = request["CidrIpv6"] { permission["Ipv6Ranges"] = [.structure(["CidrIpv6": cidr, "Description": description])] }
                if let list = request["PrefixListId"] { permission["PrefixListIds"] = [.structure(["PrefixListId": list, "Description": description])] }
                if let referenced = request["ReferencedGroupId"] {
                    permission["UserIdGroupPairs"] = [.structure(["GroupId": referenced, "Description": description])]
                }
                let old = group.rules[index]
                guard var replacement = try SecurityGroupRuleInput.rules([.structure(permission)], egress: old.isEgress,
                                                                         group: group, network, context).first else { continue }
                replacement.id = old.id
                replacement.tags = old.tags
                group.rules[index] = replacement
            }
            tx.save(group, in: partition)
        }
        return ["Return": true]
    }

    static func updateDescriptionsIngress(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        try updateDescriptions(input, context, egress: false)
    }

    static func updateDescriptionsEgress(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        try updateDescriptions(input, context, egress: true)
    }

    private static func updateDescriptions(_ input: AWSValue, _ context: RequestContext, egress: Bool) throws -> AWSValue {
        let partition = context.regionalPartition
        try context.store.write { tx in
            var group = try find(input, tx.view, context)
            let asked = try SecurityGroupRuleInput.rules(SecurityGroupRuleInput.permissions(input), egress: egress, group: group,
                                                         NetworkView(tx.view, context), context)
            for rule in asked {
                guard let index = group.rules.firstIndex(where: { $0.identity == rule.identity }) else {
                    throw AWSError("InvalidPermission.NotFound", "The specified rule does not exist in this security group.")
                }
                group.rules[index].description = rule.description
            }
            tx.save(group, in: partition)
        }
        return ["Return": true]
    }
}
