import AWSWire
import Foundation
import NimbusCore
import State

/// CPU credit options of burstable instances ("Burstable performance instances", "Unlimited mode" and "Standard
/// mode"): each T instance runs `standard` or `unlimited`; a launch takes the account's default for its family in the
/// Region (T2 `standard`, T3, T3a and T4g `unlimited`, changed by ModifyDefaultCreditSpecification) unless it asks.
enum CreditSpecifications {
    /// The account's default for one family in one Region, when it was changed.
    struct FamilyDefault: Resource {
        static let kind = "ec2.default-credit-specification"
        var family: String
        var cpuCredits: String
    }

    static let families = ["t2", "t3", "t3a", "t4g"]
    static let options: Set<String> = ["standard", "unlimited"]

    static func family(of instanceType: String) -> String? {
        InstanceTypeName(parsing: instanceType).map(\.family).flatMap { families.contains($0) ? $0 : nil }
    }

    static func defaultOption(_ family: String, _ view: StoreView, _ context: RequestContext) -> String {
        view.get(FamilyDefault.self, family, in: context.regionalPartition)?.cpuCredits ?? (family == "t2" ? "standard" : "unlimited")
    }

    /// The option a launch gives an instance: the one asked for (burstable types only; others ignore it, as
    /// launch templates shared across types rely on), else the family's default.
    static func forLaunch(_ requested: String?, instanceType: String, _ view: StoreView, _ context: RequestContext) throws -> String? {
        if let requested, !options.contains(requested) {
            throw EC2Errors.invalidParameterValue("Value (\(requested)) for parameter cpuCredits is invalid. Valid values are standard and unlimited.")
        }
        guard let family = family(of: instanceType) else { return nil }
        return requested ?? defaultOption(family, view, context)
    }

    /// The option an instance runs with (instances launched before Nimbus recorded it take the default).
    static func current(_ instance: Instance, _ view: StoreView, _ context: RequestContext) -> String? {
        guard let family = family(of: instance.instanceType) else { return nil }
        return instance.creditSpecification ?? defaultOption(family, view, context)
    }

    static func describe(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let ids = input["InstanceIds"]?.strings ?? []
        let filters = try EC2Filters(input["Filters"], allowed: ["instance-id"])
        let (maxResults, start) = try EC2Describe.pageRequest(input)
        return try context.store.read { view in
            let network = NetworkView(view, context)
            var found: [AWSValue] = []
            for id in ids { _ = try network.load(Instance.self, id) }
            network.forEach(Instance.self) { instance in
                guard ids.isEmpty || ids.contains(instance.id), instance.currentState(context.now) != .terminated,
                      filters.isEmpty || filters.matches(instance, { instance, name in name == "instance-id" ? [instance.id] : [] }),
                      let option = current(instance, view, context) else { return true }
                // Without IDs, AWS lists the burstable instances that run unlimited.
                if ids.isEmpty, option != "unlimited" { return true }
                found.append(["InstanceId": .string(instance.id), "CpuCredits": .string(option)])
                return true
            }
            let page = EC2Describe.page(found, maxResults: maxResults, start: start)
            return .structure(["InstanceCreditSpecifications": .list(Array(page.items)), "NextToken": page.nextToken])
        }
    }

    static func modify(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let requests = input["InstanceCreditSpecifications"]?.list ?? []
        guard !requests.isEmpty else { throw EC2Errors.missingParameter("instanceCreditSpecification") }
        let partition = context.regionalPartition
        return try context.store.write { tx in
            var succeeded: [AWSValue] = []
            var failed: [AWSValue] = []
            func fail(_ id: String, _ code: String, _ message: String) {
                failed.append(["InstanceId": .string(id), "Error": ["Code": .string(code), "Message": .string(message)]])
            }
            for request in requests {
                let id = request["InstanceId"]?.string ?? ""
                let option = request["CpuCredits"]?.string ?? ""
                guard options.contains(option) else {
                    throw EC2Errors.invalidParameterValue("Value (\(option)) for parameter cpuCredits is invalid. Valid values are standard and unlimited.")
                }
                guard Instance.isWellFormed(id) else { fail(id, "InvalidInstanceID.Malformed", "Invalid id: \"\(id)\""); continue }
                guard var instance = tx.get(Instance.self, id, in: partition) else {
                    fail(id, "InvalidInstanceID.NotFound", "The instance ID '\(id)' does not exist"); continue
                }
                guard family(of: instance.instanceType) != nil else {
                    fail(id, "InstanceCreditSpecification.NotSupported",
                         "The instance type \(instance.instanceType) does not support the CPU credit option."); continue
                }
                guard ![.shuttingDown, .terminated].contains(instance.currentState(context.now)) else {
                    fail(id, "IncorrectInstanceState", "The instance '\(id)' is not in a state from which its credit option can be modified."); continue
                }
                instance.creditSpecification = option
                tx.save(instance, in: partition)
                succeeded.append(["InstanceId": .string(id)])
            }
            return ["SuccessfulInstanceCreditSpecifications": .list(succeeded), "UnsuccessfulInstanceCreditSpecifications": .list(failed)]
        }
    }

    static func getDefault(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let family = try checkedFamily(input)
        let option = context.store.read { defaultOption(family, $0, context) }
        return ["InstanceFamilyCreditSpecification": ["InstanceFamily": .string(family), "CpuCredits": .string(option)]]
    }

    static func modifyDefault(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let family = try checkedFamily(input)
        let option = input["CpuCredits"]?.string ?? ""
        guard options.contains(option) else {
            throw EC2Errors.invalidParameterValue("Value (\(option)) for parameter cpuCredits is invalid. Valid values are standard and unlimited.")
        }
        try context.store.write { tx in
            tx.put(FamilyDefault(family: family, cpuCredits: option), id: family, in: context.regionalPartition)
        }
        return ["InstanceFamilyCreditSpecification": ["InstanceFamily": .string(family), "CpuCredits": .string(option)]]
    }

    private static func checkedFamily(_ input: AWSValue) throws -> String {
        let family = input["InstanceFamily"]?.string ?? ""
        guard families.contains(family) else {
            throw EC2Errors.invalidParameterValue("Value (\(family)) for parameter instanceFamily is invalid. Valid values are t2, t3, t3a and t4g.")
        }
        return family
    }
}
