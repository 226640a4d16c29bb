extension AWSManagedPolicy {
    /// A stable `ANPA...` id derived from the ARN (AWS's own ids are not published with the documents).
    var policyId: String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in arn.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        var id = "ANPA"
        for _ in 0..<17 {
            id.append(alphabet[Int(hash % 32)])
            hash = hash / 32 &+ (hash &* 0x9E37_79B9_7F4A_7C15)
        }
        return id
    }
}
