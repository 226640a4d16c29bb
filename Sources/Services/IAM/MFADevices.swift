import AWSWire
import Foundation
import NimbusCore
import State

/// A virtual MFA device: a TOTP seed, assigned to at most one user ("Assign a virtual MFA device").
struct IAMMFADevice: Resource {
    static let kind = "iam.mfa"
    var serialNumber: String
    var seed: [UInt8]
    var userName: String?
    var enabled: Date?
    var created: Date
    /// The last step counter accepted, so a code cannot be used twice.
    var lastCounter: UInt64
    var tags: [IAMTag] = []
}

/// CreateVirtualMFADevice, EnableMFADevice, DeactivateMFADevice, DeleteVirtualMFADevice, ListMFADevices,
/// ListVirtualMFADevices ("IAM API Reference"; codes per RFC 6238).
enum MFADevices {
    /// How far back a code may be from now: AWS accepts codes a few minutes old (device clock drift).
    static let window = 10

    static func create(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let name = input["VirtualMFADeviceName"]?.string ?? ""
        let path = input["Path"]?.string ?? "/"
        try IAMNames.validName(name, member: "virtualMFADeviceName", max: 226)
        try IAMNames.validPath(path)
        let serial = "arn:aws:iam::\(context.account):mfa\(path)\(name)"
        var seed: [UInt8] = []
        for _ in 0..<5 { withUnsafeBytes(of: context.ids.next()) { seed += $0 } }
        seed = Array(seed.prefix(40))
        let device = IAMMFADevice(serialNumber: serial, seed: seed, created: context.now, lastCounter: 0, tags: IAMTag.list(input["Tags"]))
        try context.store.write { tx in
            guard tx.get(IAMMFADevice.self, serial, in: context.globalPartition) == nil else {
                throw IAMErrors.alreadyExists("MFADevice entity at the same path and name already exists.")
            }
            tx.put(device, id: serial, in: context.globalPartition)
        }
        // Base32StringSeed is a blob in the model: the base32 text's bytes, base64-encoded on the wire.
        return ["VirtualMFADevice": ["SerialNumber": .string(serial), "Base32StringSeed": .blob(Array(TOTP.base32(seed).utf8))]]
    }

    static func enable(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let userName = input["UserName"]?.string ?? ""
        let serial = input["SerialNumber"]?.string ?? ""
        let first = input["AuthenticationCode1"]?.string ?? ""
        let second = input["AuthenticationCode2"]?.string ?? ""
        try context.store.write { tx in
            let user = try IAMUser.load(userName, tx.view, context.globalPartition)
            guard var device = tx.get(IAMMFADevice.self, serial, in: context.globalPartition) else {
                throw IAMErrors.noSuchEntity("VirtualMFADevice with serial number \(serial) doesn't exist.")
            }
            guard device.userName == nil else { throw IAMErrors.alreadyExists("MFA Device is already in use.") }
            // "EnableMFADevice": two consecutive codes.
            guard let counter = TOTP.counter(of: first, secret: device.seed, near: Date(), window: window),
                  TOTP.code(secret: device.seed, counter: counter + 1) == second else {
                throw AWSError("InvalidAuthenticationCode", "Authentication code for device is not valid.", status: 403)
            }
            device.userName = user.userName
            device.enabled = context.now
            device.lastCounter = counter + 1
            tx.put(device, id: serial, in: context.globalPartition)
        }
        return [:]
    }

    static func deactivate(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let userName = input["UserName"]?.string ?? ""
        let serial = input["SerialNumber"]?.string ?? ""
        try context.store.write { tx in
            guard var device = tx.get(IAMMFADevice.self, serial, in: context.globalPartition),
                  device.userName?.lowercased() == userName.lowercased() else {
                throw IAMErrors.noSuchEntity("MFA Device with serial number \(serial) does not exist.")
            }
            device.userName = nil
            device.enabled = nil
            tx.put(device, id: serial, in: context.globalPartition)
        }
        return [:]
    }

    static func delete(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let serial = input["SerialNumber"]?.string ?? ""
        try context.store.write { tx in
            guard let device = tx.get(IAMMFADevice.self, serial, in: context.globalPartition) else {
                throw IAMErrors.noSuchEntity("VirtualMFADevice with serial number \(serial) doesn't exist.")
            }
            guard device.userName == nil else { throw AWSError("DeleteConflict", "MFA Device is still in use.", status: 409) }
            tx.delete(IAMMFADevice.self, serial, in: context.globalPartition)
        }
        return [:]
    }

    static func list(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        guard let userName = input["UserName"]?.string ?? Users.callerUserName(context) else {
            throw IAMErrors.validation("Must specify a userName when calling with root credentials.")
        }
        let devices = context.store.read { $0.all(IAMMFADevice.self, in: context.globalPartition) }.values
            .filter { $0.userName?.lowercased() == userName.lowercased() }
        return ["MFADevices": .list(devices.map { device in
            .structure(["UserName": device.userName.map(AWSValue.string), "SerialNumber": .string(device.serialNumber),
                        "EnableDate": device.enabled.map(AWSValue.timestamp)])
        }), "IsTruncated": false]
    }

    static func listVirtual(_ input: AWSValue, _ context: RequestContext) async throws -> AWSValue {
        let status = input["AssignmentStatus"]?.string ?? "Any"
        let (devices, users): ([IAMMFADevice], [String: IAMUser]) = context.store.read { view in
            (Array(view.all(IAMMFADevice.self, in: context.globalPartition).values),
             Dictionary(view.all(IAMUser.self, in: context.globalPartition).values.map { ($0.userName, $0) }) { a, _ in a })
        }
        let chosen = devices.filter { status == "Any" || (status == "Assigned") == ($0.userName != nil) }
        return ["VirtualMFADevices": .list(chosen.map { device in
            .structure(["SerialNumber": .string(device.serialNumber), "User": device.userName.flatMap { users[$0]?.output },
                        "EnableDate": device.enabled.map(AWSValue.timestamp)])
        }), "IsTruncated": false]
    }

    /// Checks a code for a user's device and uses it up; for STS's MFA-authenticated sessions.
    static func verify(serial: String, code: String, userName: String, store: Store, partition: Partition) -> Bool {
        (try? store.write { tx -> Bool in
            guard var device = tx.get(IAMMFADevice.self, serial, in: partition),
                  device.userName?.lowercased() == userName.lowercased(),
                  let counter = TOTP.counter(of: code, secret: device.seed, near: Date(), window: window),
                  counter > device.lastCounter else { return false }
            device.lastCounter = counter
            tx.put(device, id: serial, in: partition)
            return true
        }) ?? false
    }
}
