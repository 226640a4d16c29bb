import AWSWire
import Foundation
import NimbusCore
import State

/// On-Demand instance quotas, counted in vCPUs per instance bucket ("On-Demand Instance quotas", Amazon EC2
/// User Guide): running and pending On-Demand instances of a bucket, in an account and Region, may not hold more
/// vCPUs than the bucket's quota. AWS's default for a new account is 5 vCPUs for the Standard bucket (Service
/// Quotas, L-1216C47A), raised for established accounts; Nimbus applies one quota to every bucket,
/// `NIMBUS_EC2_VCPU_QUOTA` (default 1,152, a common value of established accounts; 0 turns the check off).
/// Spot instances count against Spot quotas, which Nimbus does not enforce.
enum VCPUQuota {
    static let perBucket: Int = {
        ProcessInfo.processInfo.environment["NIMBUS_EC2_VCPU_QUOTA"].flatMap(Int.init) ?? 1152
    }()

    /// The quota's name for a type: "Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances" and its
    /// siblings, by the type's series letters.
    static func bucket(_ typeName: String) -> String {
        let series = InstanceTypeName(parsing: typeName)?.series ?? String(typeName.prefix { $0.isLetter })
        switch series {
        case "a", "c", "d", "h", "i", "m", "r", "t", "z": return "Standard (A, C, D, H, I, M, R, T, Z)"
        case "g", "vt": return "G and VT"
        case "p": return "P"
        case "x": return "X"
        case "inf": return "Inf"
        case "f": return "F"
        case "dl": return "DL"
        case "trn": return "Trn"
        case "hpc": return "HPC"
        case "u": return "High Memory"
        default: return series.uppercased()
        }
    }

    /// How many of `count` more instances of `type` fit (all of them when the check is off).
    static func room(for type: LaunchType, count: Int, _ tx: StoreTransaction, _ context: RequestContext) -> Int {
        guard perBucket > 0 else { return count }
        let bucket = bucket(type.name)
        var used = 0
        var vcpus: [String: Int] = [:]
        NetworkView(tx.view, context).forEach(Instance.self) { instance in
            guard instance.instanceLifecycle != "spot", [.pending, .running].contains(instance.currentState(context.now)) else { return true }
            if vcpus[instance.instanceType] == nil {
                vcpus[instance.instanceType] = Self.bucket(instance.instanceType) == bucket
                    ? LaunchCatalog.instanceType(instance.instanceType)?.vCPUs ?? 0 : 0
            }
            used += vcpus[instance.instanceType] ?? 0
            return true
        }
        return max(0, min(count, (perBucket - used) / max(1, type.vCPUs)))
    }

    /// Refuses a launch or start that would go past the bucket's quota.
    static func check(_ type: LaunchType, count: Int, minimum: Int, _ tx: StoreTransaction, _ context: RequestContext) throws -> Int {
        let fits = room(for: type, count: count, tx, context)
        guard fits >= minimum else {
            throw AWSError("VcpuLimitExceeded",
                           "You have requested more vCPU capacity than your current vCPU limit of \(perBucket) allows for the instance bucket that the specified instance type belongs to. Please visit http://aws.amazon.com/contact-us/ec2-request to request an adjustment to this limit.")
        }
        return fits
    }
}
