// Placeholder until scripts/regenerate-managed-policies.py writes the catalogue.
struct AWSManagedPolicy: Sendable {
    let name: String
    let path: String
    let arn: String
    let defaultVersionId: String
    let created: String
    let updated: String
    let description: String
    let document: String
}

enum AWSManagedPolicies {
    static let all: [AWSManagedPolicy] = [
        AWSManagedPolicy(name: "AdministratorAccess", path: "/", arn: "arn:aws:iam::aws:policy/AdministratorAccess", defaultVersionId: "v1",
                         created: "2015-02-06T18:39:46Z", updated: "2015-02-06T18:39:46Z", description: "Provides full access to AWS services and resources.",
                         document: #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#),
    ]

    static func named(_ arn: String) -> AWSManagedPolicy? {
        all.first { $0.arn == arn }
    }
}
