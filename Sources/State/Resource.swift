/// A type the ``Store`` keeps: a plain value, encoded to JSON in the journal.
///
/// ``kind`` names the type's rows in the journal (`"iam.user"`, `"ec2.vpc"`). It is written to disk
/// with every row and must never change once shipped; two types must never share one.
/// Changing the stored shape of a type means keeping it decodable from what older builds wrote
/// (optional new fields, `decodeIfPresent`, ...).
public protocol Resource: Codable, Sendable {
    static var kind: String { get }
}
