import AWSWire
import Foundation
import NimbusCore
import State

/// DescribeInstances, the life cycle (StopInstances, StartInstances, TerminateInstances, RebootInstances),
/// DescribeInstanceStatus and the instance attributes ("Amazon EC2 instance state changes", EC2 API Reference).
enum Instances {
    // MARK: Describe

    static func describe(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let filters = try EC2Filters(input["Filters"], allowed: Instance.filterNames.union(EC2Describe.tagFilterNames))
        let ids = input["InstanceIds"]?.strings ?? []
        let (maxResults, start) = try EC2Describe.pageRequest(input)
        if !ids.isEmpty, maxResults != nil {
            throw EC2Errors.invalidParameterCombination("The parameter instancesSet cannot be used with the parameter maxResults")
        }
        let now = context.now
        return try context.store.read { view in
            let network = NetworkView(view, context)
            for id in ids { try Instance.checkWellFormed(id) }
            let missing = ids.filter { id in network.get(Instance.self, id).map { !$0.isVisible(now) } ?? true }
            guard missing.isEmpty else { throw Instance.notFound(missing) }
            var matched: [Instance] = []
            network.forEach(Instance.self) { instance in
                if (ids.isEmpty || ids.contains(instance.id)) && instance.isVisible(now)
                    && (filters.isEmpty || filters.matches(instance, { $0.tagValues($1) ?? $0.filterValues($1, network) })) {
                    matched.append(instance)
                }
                return true
            }
            let page = EC2Describe.page(matched, maxResults: maxResults, start: start)
            // Instances launched together share a reservation; the answer groups them so, in launch order.
            var order: [String] = []
            var byReservation: [String: [Instance]] = [:]
            for instance in page.items {
                if byReservation[instance.reservationId] == nil { order.append(instance.reservationId) }
                byReservation[instance.reservationId, default: []].append(instance)
            }
            return .structure([
                "Reservations": .list(order.map { reservation in
                    let members = byReservation[reservation]!
                    return .structure([
                        "ReservationId": .string(reservation), "OwnerId": .string(members[0].ownerId), "Groups": [],
                        "Instances": .list(members.map { $0.output(network) }),
                    ])
                }),
                "NextToken": page.nextToken,
            ])
        }
    }

    // MARK: Life cycle

    /// Applies a state change to each instance named and answers `{member: [{InstanceId, CurrentState, PreviousState}]}`.
    private static func transition(_ input: AWSValue, _ context: RequestContext, member: String,
                                   _ change: (inout Instance, InstanceState, inout StoreTransaction) throws -> Void) throws -> AWSValue {
        let ids = input["InstanceIds"]?.strings ?? []
        let partition = context.regionalPartition
        let rows = try context.store.write { tx in
            var rows: [(String, InstanceState, InstanceState)] = []
            for id in ids {
                var instance = try tx.load(Instance.self, id, in: partition)
                guard instance.isVisible(context.now) else { throw Instance.notFound([id]) }
                let previous = instance.currentState(context.now)
                // Settle a finished transition before acting on it.
                if previous != instance.state {
                    instance.state = previous
                    instance.stateChanged = context.now
                }
                try change(&instance, previous, &tx)
                tx.save(instance, in: partition)
                rows.append((id, instance.state, previous))
            }
            return rows
        }
        return [member: .list(rows.map { id, current, previous in
            ["InstanceId": .string(id), "CurrentState": current.output, "PreviousState": previous.output]
        })]
    }

    static func incorrectState(_ id: String, _ verb: String) -> AWSError {
        AWSError("IncorrectInstanceState", "This instance '\(id)' is not in a state from which it can be \(verb).")
    }

    static func userInitiated(_ context: RequestContext) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return "User initiated (\(formatter.string(from: context.now)) GMT)"
    }

    static func stop(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        try transition(input, context, member: "StoppingInstances") { instance, current, tx in
            switch current {
            case .stopped, .stopping: return
            case .pending, .running:
                instance.state = .stopping
                instance.stateChanged = context.now
                instance.stateTransitionReason = userInitiated(context)
                instance.stateReason = .init(code: "Client.UserInitiatedShutdown", message: "Client.UserInitiatedShutdown: User initiated shutdown")
                // "Stop and start Amazon EC2 instances": the auto-assigned public address goes back to Amazon.
                try releasePublicIp(instance, &tx, context)
            case .shuttingDown, .terminated:
                throw incorrectState(instance.id, "stopped")
            }
        }
    }

    static func start(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        try transition(input, context, member: "StartingInstances") { instance, current, tx in
            switch current {
            case .pending, .running: return
            case .stopped:
                try PlacementGroups.checkStart(instance, tx, context)
                if instance.instanceLifecycle != "spot", let type = LaunchCatalog.instanceType(instance.instanceType) {
                    _ = try VCPUQuota.check(type, count: 1, minimum: 1, tx, context)
                }
                instance.state = .pending
                instance.stateChanged = context.now
                instance.stateTransitionReason = ""
                instance.stateReason = nil
                // A new public address, unless an Elastic IP gives the instance one.
                if instance.wantsPublicIp {
                    let partition = context.regionalPartition
                    let network = NetworkView(tx.view, context)
                    if var interface = tx.get(NetworkInterface.self, instance.primaryInterfaceId, in: partition),
                       interface.publicIp == nil, interface.elasticAddresses(network)[interface.primaryPrivateIp] == nil {
                        interface.publicIp = try PublicIPPool.lease(&tx, account: context.account, region: context.region, holder: interface.id)
                        tx.save(interface, in: partition)
                    }
                }
            case .stopping, .shuttingDown, .terminated:
                throw incorrectState(instance.id, "started")
            }
        }
    }

    static func terminate(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        try transition(input, context, member: "TerminatingInstances") { instance, current, tx in
            guard current != .terminated, current != .shuttingDown else { return }
            guard !instance.disableApiTermination else {
                throw AWSError("OperationNotPermitted",
                               "The instance '\(instance.id)' may not be terminated. Modify its 'disableApiTermination' instance attribute and try again.")
            }
            instance.state = .shuttingDown
            instance.stateChanged = context.now
            instance.stateTransitionReason = userInitiated(context)
            instance.stateReason = .init(code: "Client.UserInitiatedShutdown", message: "Client.UserInitiatedShutdown: User initiated shutdown")
            try releaseResources(&instance, &tx, context)
        }
    }

    /// "Terminate Amazon EC2 instances": interfaces and volumes marked DeleteOnTermination go, the others are
    /// detached; the instance's addresses return to their subnet.
    static func releaseResources(_ instance: inout Instance, _ tx: inout StoreTransaction, _ context: RequestContext) throws {
        let partition = context.regionalPartition
        try releasePublicIp(instance, &tx, context)
        for id in [instance.primaryInterfaceId] + instance.attachedInterfaces {
            guard var interface = tx.get(NetworkInterface.self, id, in: partition) else { continue }
            if interface.attachment?.deleteOnTermination ?? true {
                try NetworkInterfaces.release(interface, &tx, partition)
            } else {
                interface.attachment = nil
                tx.save(interface, in: partition)
            }
        }
        for device in instance.blockDevices {
            guard var volume = tx.get(Volume.self, device.volumeId, in: partition) else { continue }
            if device.deleteOnTermination {
                tx.remove(Volume.self, volume.id, in: partition)
            } else {
                volume.attachment = nil
                tx.save(volume, in: partition)
            }
        }
    }

    static func releasePublicIp(_ instance: Instance, _ tx: inout StoreTransaction, _ context: RequestContext) throws {
        let partition = context.regionalPartition
        guard var interface = tx.get(NetworkInterface.self, instance.primaryInterfaceId, in: partition),
              let address = interface.publicIp else { return }
        PublicIPPool.release(&tx, address)
        interface.publicIp = nil
        tx.save(interface, in: partition)
    }

    static func reboot(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let partition = context.regionalPartition
        try context.store.read { view in
            for id in input["InstanceIds"]?.strings ?? [] {
                try Instance.checkWellFormed(id)
                guard let instance = view.get(Instance.self, id, in: partition), instance.isVisible(context.now) else {
                    throw Instance.notFound([id])
                }
                guard instance.currentState(context.now) != .terminated else { throw incorrectState(id, "rebooted") }
            }
        }
        return [:]
    }

    // MARK: Status

    static let statusFilterNames: Set<String> = [
        "availability-zone", "instance-state-code", "instance-state-name", "instance-status.status",
        "instance-status.reachability", "system-status.status", "system-status.reachability",
    ]

    static func describeStatus(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let filters = try EC2Filters(input["Filters"], allowed: statusFilterNames)
        let ids = input["InstanceIds"]?.strings ?? []
        let includeAll = input["IncludeAllInstances"]?.bool ?? false
        let (maxResults, start) = try EC2Describe.pageRequest(input)
        let now = context.now
        let rows: [AWSValue] = try context.store.read { view in
            let network = NetworkView(view, context)
            for id in ids {
                try Instance.checkWellFormed(id)
                guard network.get(Instance.self, id)?.isVisible(now) == true else { throw Instance.notFound([id]) }
            }
            var rows: [AWSValue] = []
            network.forEach(Instance.self) { instance in
                let state = instance.currentState(now)
                guard ids.isEmpty || ids.contains(instance.id), instance.isVisible(now),
                      includeAll || state == .running else { return true }
                // "Status checks for your instances": checks run only on running instances.
                let status = state == .running ? "ok" : "not-applicable"
                guard filters.matches({ name in
                    switch name {
                    case "availability-zone": return [instance.availabilityZone]
                    case "instance-state-code": return [String(state.code)]
                    case "instance-state-name": return [state.rawValue]
                    case "instance-status.status", "system-status.status": return [status]
                    case "instance-status.reachability", "system-status.reachability": return [state == .running ? "passed" : ""]
                    default: return []
                    }
                }) else { return true }
                let summary: AWSValue = .structure([
                    "Status": .string(status),
                    "Details": state == .running ? [["Name": "reachability", "Status": "passed"]] : nil,
                ])
                rows.append(.structure([
                    "InstanceId": .string(instance.id), "AvailabilityZone": .string(instance.availabilityZone),
                    "InstanceState": state.output, "InstanceStatus": summary, "SystemStatus": summary,
                    "AttachedEbsStatus": summary,
                ]))
                return true
            }
            return rows
        }
        let page = EC2Describe.page(rows, maxResults: maxResults, start: start)
        return .structure(["InstanceStatuses": .list(Array(page.items)), "NextToken": page.nextToken])
    }

    static func consoleOutput(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let instance = try context.store.read { try NetworkView($0, context).load(Instance.self, input["InstanceId"]?.string ?? "") }
        // A short, plausible boot log: there is no real machine behind the instance.
        let log = """
        [    0.000000] Linux version 6.1 (nimbus) #1 SMP
        [    1.234567] cloud-init: instance \(instance.id) (\(instance.instanceType)) in \(instance.availabilityZone)
        [    2.345678] cloud-init: modules:final finished
        """
        return ["InstanceId": .string(instance.id), "Timestamp": .timestamp(context.now),
                "Output": .string(Data(log.utf8).base64EncodedString())]
    }
}
