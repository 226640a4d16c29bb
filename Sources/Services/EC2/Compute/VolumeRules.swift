import AWSWire

/// The size, IOPS and throughput rules of each EBS volume type ("Amazon EBS volume types", EBS User Guide).
struct VolumeTypeRules: Sendable {
    var sizes: ClosedRange<Int>
    /// Provisioned IOPS allowed, and the most per GiB; nil where the type takes no Iops parameter.
    var iops: ClosedRange<Int>?
    var iopsPerGiB: Int?
    var iopsRequired = false
    var bootable = true

    static let all: [String: VolumeTypeRules] = [
        "gp3": VolumeTypeRules(sizes: 1...16_384, iops: 3_000...16_000, iopsPerGiB: 500),
        "gp2": VolumeTypeRules(sizes: 1...16_384),
        "io1": VolumeTypeRules(sizes: 4...16_384, iops: 100...64_000, iopsPerGiB: 50, iopsRequired: true),
        "io2": VolumeTypeRules(sizes: 4...65_536, iops: 100...256_000, iopsPerGiB: 1_000, iopsRequired: true),
        "st1": VolumeTypeRules(sizes: 125...16_384, bootable: false),
        "sc1": VolumeTypeRules(sizes: 125...16_384, bootable: false),
        "standard": VolumeTypeRules(sizes: 1...1_024),
    ]
    /// gp3 throughput: 125 to 1,000 MiB/s, at most 0.25 MiB/s per provisioned IOPS.
    static let gp3Throughput = 125...1_000

    /// Checks a volume's configuration and fills in the defaults (gp3 3,000 IOPS and 125 MiB/s; gp2 3 IOPS per GiB).
    static func check(type: String, size: Int, iops: Int?, throughput: Int?) throws -> (iops: Int?, throughput: Int?) {
        guard let rules = all[type] else {
            throw EC2Errors.invalidParameterValue("Value (\(type)) for parameter volumeType is invalid. Valid values are gp2, gp3, io1, io2, st1, sc1 and standard.")
        }
        guard rules.sizes.contains(size) else {
            throw EC2Errors.invalidParameterValue(
                "Volume of \(size)GiB is too \(size < rules.sizes.lowerBound ? "small" : "large") for volume type \(type); minimum is \(rules.sizes.lowerBound) GiB, maximum is \(rules.sizes.upperBound) GiB.")
        }
        if throughput != nil && type != "gp3" {
            throw EC2Errors.invalidParameterCombination("The parameter throughput is only supported for gp3 volumes.")
        }
        guard let range = rules.iops, let perGiB = rules.iopsPerGiB else {
            if iops != nil { throw EC2Errors.invalidParameterCombination("The parameter iops is not supported for \(type) volumes.") }
            return Volume.defaults(type: type, size: size)
        }
        if rules.iopsRequired && iops == nil {
            throw EC2Errors.invalidParameterCombination("The parameter iops must be specified for \(type) volumes.")
        }
        let chosen = iops ?? range.lowerBound
        guard range.contains(chosen) else {
            throw EC2Errors.invalidParameterValue("Volume iops of \(chosen) is too \(chosen < range.lowerBound ? "low" : "high"); minimum is \(range.lowerBound), maximum is \(range.upperBound).")
        }
        guard chosen <= size * perGiB || type == "gp3" && chosen == 3_000 else {
            throw EC2Errors.invalidParameterValue("Iops to volume size ratio of \(chosen / max(size, 1)) is too high; maximum is \(perGiB).")
        }
        var chosenThroughput: Int?
        if type == "gp3" {
            let value = throughput ?? 125
            guard gp3Throughput.contains(value) else {
                throw EC2Errors.invalidParameterValue("Throughput of \(value) MiB/s is outside 125-1000 MiB/s for gp3.")
            }
            guard Double(value) <= Double(chosen) * 0.25 else {
                throw EC2Errors.invalidParameterValue("Throughput (MiBps) to iops ratio of \(Double(value) / Double(chosen)) is too high; maximum is 0.25 MiBps per iops.")
            }
            chosenThroughput = value
        }
        return (chosen, chosenThroughput)
    }
}
