// Measures PolicyEngine decisions per second: one principal with 10 identity-based policies of 10
// statements each (with StringEquals on aws:RequestedRegion, IpAddress on aws:SourceIp, Bool on
// aws:MultiFactorAuthPresent and more), over a mix of allowed, implicitly denied and explicitly denied
// requests. Build and run in release mode:
//
//     swift run -c release PolicyEngineBenchmark [seconds]
import Foundation
import PolicyEngine

let account = "111122223333"
let services = ["s3", "ec2", "dynamodb", "sqs", "sns", "lambda", "logs", "kms", "cloudwatch", "ssm"]

func statements(for index: Int) -> [String] {
    let service = services[index]
    let bucket = "arn:aws:s3:::team-\(index)"
    return [
        #"{"Sid":"Read\#(index)","Effect":"Allow","Action":["\#(service):Get*","\#(service):List*","\#(service):Describe*"],"Resource":"*","Condition":{"StringEquals":{"aws:RequestedRegion":["us-east-1","eu-west-1"]}}}"#,
        #"{"Sid":"Write\#(index)","Effect":"Allow","Action":["\#(service):Put*","\#(service):Create*"],"Resource":"arn:aws:\#(service):*:\#(account):*","Condition":{"IpAddress":{"aws:SourceIp":["10.0.0.0/8","192.168.0.0/16"]},"Bool":{"aws:MultiFactorAuthPresent":"true"}}}"#,
        #"{"Sid":"Objects\#(index)","Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"\#(bucket)/*","Condition":{"StringEquals":{"aws:RequestedRegion":"us-east-1"}}}"#,
        #"{"Sid":"Home\#(index)","Effect":"Allow","Action":"s3:ListBucket","Resource":"\#(bucket)","Condition":{"StringLike":{"s3:prefix":["home/${aws:username}/*",""]}}}"#,
        #"{"Sid":"DenyDelete\#(index)","Effect":"Deny","Action":["\#(service):Delete*","s3:DeleteBucket"],"Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"false"}}}"#,
        #"{"Sid":"DenyOutside\#(index)","Effect":"Deny","Action":"\#(service):*","Resource":"*","Condition":{"NotIpAddress":{"aws:SourceIp":["10.0.0.0/8","192.168.0.0/16","203.0.113.0/24"]}}}"#,
        #"{"Sid":"Tagged\#(index)","Effect":"Allow","Action":"\#(service):Update*","Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/team":"${aws:PrincipalTag/team}"}}}"#,
        #"{"Sid":"Invoke\#(index)","Effect":"Allow","Action":"lambda:InvokeFunction","Resource":"arn:aws:lambda:us-east-1:\#(account):function:team-\#(index)-*"}"#,
        #"{"Sid":"Queue\#(index)","Effect":"Allow","Action":["sqs:SendMessage","sqs:ReceiveMessage"],"Resource":"arn:aws:sqs:*:\#(account):team-\#(index)-*","Condition":{"NumericLessThanEquals":{"aws:MultiFactorAuthAge":"3600"}}}"#,
        #"{"Sid":"Window\#(index)","Effect":"Allow","Action":"\#(service):Start*","Resource":"*","Condition":{"DateGreaterThan":{"aws:CurrentTime":"2020-01-01T00:00:00Z"},"DateLessThan":{"aws:CurrentTime":"2035-01-01T00:00:00Z"}}}"#,
    ]
}

let policies = (0..<10).map { index in
    try! Policy(json: #"{"Version":"2012-10-17","Statement":[\#(statements(for: index).joined(separator: ","))]}"#,
                id: "arn:aws:iam::\(account):policy/team-\(index)", kind: .identity)
}
let set = PolicySet(identity: policies)
let principal = PrincipalInfo.user(account: account, name: "alice", userId: "AIDAEXAMPLEALICE00001", tags: ["team": "blue"])

let context: ConditionContext = [
    "aws:RequestedRegion": "us-east-1",
    "aws:SourceIp": .ip("10.1.2.3"),
    "aws:MultiFactorAuthPresent": true,
    "aws:MultiFactorAuthAge": 120,
    "aws:CurrentTime": .date(Date(timeIntervalSince1970: 1_750_000_000)),
    "aws:ResourceTag/team": "blue",
    "s3:prefix": "home/alice/docs",
]
var noMFA = context
noMFA["aws:MultiFactorAuthPresent"] = false
var outside = context
outside["aws:SourceIp"] = .ip("198.51.100.7")

let requests: [AuthorizationRequest] = [
    .init(principal: principal, action: "s3:GetObject", resource: "arn:aws:s3:::team-0/reports/q1.csv", context: context),
    .init(principal: principal, action: "s3:PutObject", resource: "arn:aws:s3:::team-7/upload.bin", context: context),
    .init(principal: principal, action: "s3:ListBucket", resource: "arn:aws:s3:::team-3", context: context),
    .init(principal: principal, action: "ec2:DescribeInstances", resource: "*", context: context),
    .init(principal: principal, action: "ec2:TerminateInstances", resource: "arn:aws:ec2:us-east-1:\(account):instance/i-1", context: context),
    .init(principal: principal, action: "dynamodb:PutItem", resource: "arn:aws:dynamodb:us-east-1:\(account):table/orders", context: context),
    .init(principal: principal, action: "dynamodb:DeleteTable", resource: "arn:aws:dynamodb:us-east-1:\(account):table/orders", context: noMFA),
    .init(principal: principal, action: "sqs:SendMessage", resource: "arn:aws:sqs:us-east-1:\(account):team-3-jobs", context: context),
    .init(principal: principal, action: "sns:Publish", resource: "arn:aws:sns:us-east-1:\(account):alerts", context: context),
    .init(principal: principal, action: "lambda:InvokeFunction", resource: "arn:aws:lambda:us-east-1:\(account):function:team-5-api", context: context),
    .init(principal: principal, action: "logs:PutLogEvents", resource: "arn:aws:logs:us-east-1:\(account):log-group:app", context: outside),
    .init(principal: principal, action: "kms:Decrypt", resource: "arn:aws:kms:us-east-1:\(account):key/1234", context: context),
    .init(principal: principal, action: "iam:CreateUser", resource: "arn:aws:iam::\(account):user/mallory", context: context),
    .init(principal: principal, action: "cloudwatch:GetMetricData", resource: "*", context: context),
    .init(principal: principal, action: "ssm:UpdateDocument", resource: "arn:aws:ssm:us-east-1:\(account):document/x", context: context),
    .init(principal: principal, action: "ec2:StartInstances", resource: "arn:aws:ec2:us-east-1:\(account):instance/i-2", context: context),
]

// The same user in a member account five OUs deep ("SCP evaluation"): 7 levels (root, 5 OUs, account) of 3 SCPs each,
// FullAWSAccess and two guardrails of conditioned denies that match none of the requests, so every one is read.
func guardrail(_ level: Int, _ n: Int) -> Policy {
    let json = #"""
    {"Version":"2012-10-17","Statement":[
      {"Effect":"Deny","NotAction":["iam:*","sts:*","organizations:*"],"Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":["us-east-1","eu-west-1"]}}},
      {"Effect":"Deny","Action":"ec2:RunInstances","Resource":"*","Condition":{"StringNotEquals":{"ec2:InstanceType":["t3.micro","t3.small"]}}},
      {"Effect":"Deny","Action":["organizations:LeaveOrganization","account:*"],"Resource":"*"},
      {"Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringLike":{"aws:PrincipalArn":["arn:aws:iam::*:root"]}}},
      {"Effect":"Deny","Action":"s3:*","Resource":"*","Condition":{"NotIpAddress":{"aws:SourceIp":["10.0.0.0/8","127.0.0.0/8"]}}}]}
    """#
    return try! Policy(json: json, id: "p-guardrail-\(level)-\(n)", kind: .serviceControl)
}
let fullAWSAccess = try! Policy(json: #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#,
                                id: "p-FullAWSAccess", kind: .serviceControl)
var scpSet = set
scpSet.serviceControl = (0..<7).map { level in [fullAWSAccess, guardrail(level, 0), guardrail(level, 1)] }

var tally: [DecisionEffect: Int] = [:]
for request in requests {
    let decision = Evaluator.evaluate(request, set)
    let full = Evaluator.evaluate(request, set, options: .simulation)
    precondition(decision.effect == full.effect, "fast and full evaluation disagree on \(request.action)")
    precondition(Evaluator.evaluate(request, scpSet).effect == decision.effect, "the SCPs changed the decision on \(request.action)")
    tally[decision.effect, default: 0] += 1
}

let seconds = Double(CommandLine.arguments.dropFirst().first ?? "") ?? 3
print("requests in the mix: \(requests.count) (allowed \(tally[.allowed] ?? 0), implicitDeny \(tally[.implicitDeny] ?? 0), explicitDeny \(tally[.explicitDeny] ?? 0))")

func measure(_ label: String, options: EvaluationOptions, set: PolicySet = set) {
    let clock = ContinuousClock()
    var decisions = 0
    var allowed = 0
    let start = clock.now
    let deadline = start + .seconds(seconds)
    while clock.now < deadline {
        for _ in 0..<200 {
            for request in requests {
                if Evaluator.evaluate(request, set, options: options).isAllowed { allowed += 1 }
            }
        }
        decisions += 200 * requests.count
    }
    let elapsed = clock.now - start
    let nanos = Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9
    let perDecision = nanos / Double(decisions)
    print("\(label): \(decisions) decisions in \(String(format: "%.2f", nanos / 1e9)) s: \(String(format: "%.0f", perDecision)) ns/decision, \(String(format: "%.2f", 1e9 / perDecision / 1e6)) M decisions/s (allowed \(allowed))")
}

measure("enforcement (fast)", options: .enforcement)
measure("simulation (all matches)", options: .simulation)
measure("enforcement (fast), member account 5 OUs deep, 3 SCPs per level", options: .enforcement, set: scpSet)
