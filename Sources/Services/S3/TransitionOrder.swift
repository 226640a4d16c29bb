import AWSWire

/// The transitions of one lifecycle rule as a whole ("Transitioning objects using Amazon S3 Lifecycle": the
/// waterfall of storage classes and the days an object must spend in a class before the next).
enum TransitionOrder {
    /// Where an object in a class may go next ("Supported lifecycle transitions"): toward colder classes only,
    /// and never from One Zone-IA to Glacier Instant Retrieval.
    static let next: [String: Set<String>] = [
        "STANDARD_IA": ["INTELLIGENT_TIERING", "ONEZONE_IA", "GLACIER_IR", "GLACIER", "DEEP_ARCHIVE"],
        "INTELLIGENT_TIERING": ["ONEZONE_IA", "GLACIER_IR", "GLACIER", "DEEP_ARCHIVE"],
        "ONEZONE_IA": ["GLACIER", "DEEP_ARCHIVE"],
        "GLACIER_IR": ["GLACIER", "DEEP_ARCHIVE"],
        "GLACIER": ["DEEP_ARCHIVE"],
        "DEEP_ARCHIVE": [],
    ]

    /// The days an object stays in a class before a rule may move it on ("Constraints and considerations for
    /// transitions": 30 days in Standard-IA or One Zone-IA before Glacier Flexible Retrieval or Deep Archive,
    /// and before One Zone-IA from Standard-IA; 90 days in the Glacier classes before Deep Archive, as S3 answers).
    static func gap(from earlier: String, to later: String) -> Int {
        switch (earlier, later) {
        case ("STANDARD_IA", "GLACIER"), ("STANDARD_IA", "DEEP_ARCHIVE"), ("ONEZONE_IA", "GLACIER"), ("ONEZONE_IA", "DEEP_ARCHIVE"),
             ("STANDARD_IA", "ONEZONE_IA"):
            30
        case ("GLACIER", "DEEP_ARCHIVE"), ("GLACIER_IR", "GLACIER"), ("GLACIER_IR", "DEEP_ARCHIVE"):
            90
        default:
            0
        }
    }

    static func check(_ transitions: [AWSValue], daysField: String, action: String, filter: String) throws {
        guard transitions.count > 1 else { return }
        var classes = Set<String>()
        for transition in transitions {
            guard let storageClass = transition["StorageClass"]?.string, classes.insert(storageClass).inserted else {
                throw S3Errors.invalidRequest("'StorageClass' must be different for '\(action)' actions in same 'Rule' with filter '\(filter)'")
            }
        }
        let dated = transitions.filter { $0["Date"] != nil }.count
        guard dated == 0 || dated == transitions.count else {
            throw S3Errors.invalidRequest("Found mixed 'Date' and 'Days' based \(action) actions in lifecycle rule for filter '\(filter)'")
        }
        // Days-based transitions, in the order they happen; each pair must follow the waterfall, far enough apart.
        let steps = transitions.compactMap { transition -> (storageClass: String, days: Int)? in
            guard let storageClass = transition["StorageClass"]?.string, let days = transition[daysField]?.int else { return nil }
            return (storageClass, days)
        }.sorted { $0.days < $1.days }
        for (index, earlier) in steps.enumerated() {
            for later in steps[(index + 1)...] {
                let forward = next[earlier.storageClass]?.contains(later.storageClass) == true
                let backward = next[later.storageClass]?.contains(earlier.storageClass) == true
                // A colder class given an earlier day than a warmer one, or both the same day.
                if backward || (forward && earlier.days == later.days) {
                    let (colder, warmer) = backward ? (earlier, later) : (later, earlier)
                    throw S3Errors.invalidArgument(
                        "'\(daysField)' in the \(action) action for StorageClass '\(colder.storageClass)' for filter '\(filter)' must be greater than "
                            + "'\(daysField)' in the \(action) action for StorageClass '\(warmer.storageClass)' for filter '\(filter)'",
                        name: daysField, value: String(colder.days))
                }
                let gap = gap(from: earlier.storageClass, to: later.storageClass)
                if later.days - earlier.days < gap {
                    throw S3Errors.invalidArgument(
                        "'\(daysField)' in the '\(action)' action for StorageClass '\(later.storageClass)' for filter '\(filter)' must be \(gap) days "
                            + "more than 'filter '\(filter)'' in the '\(action)' action for StorageClass '\(earlier.storageClass)'",
                        name: daysField, value: String(later.days))
                }
            }
        }
    }
}
