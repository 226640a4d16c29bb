import AWSWire
import Foundation
import Testing
@testable import NimbusCore

/// Every operation of every embedded botocore model, by service.
let botocoreOperations: [String: [String]] = Dictionary(uniqueKeysWithValues: ModelRegistry.shared.serviceNames.map { name in
    (name, (try? ModelRegistry.shared.model(name)).map { Array($0.operations.keys) } ?? [])
})

@Suite struct ServiceAuthorizationTests {
    @Test func everyServiceLoadsAndMapsEveryBotocoreOperation() throws {
        #expect(Set(ServiceAuthorization.serviceModelNames) == Set(botocoreOperations.keys))
        for (model, ops) in botocoreOperations {
            let start = ContinuousClock.now
            let svc = try #require(ServiceAuthorization.forService(model), "\(model)")
            let elapsed = ContinuousClock.now - start
            _ = ("decoded \(model): \(svc.actions.count) actions, \(svc.resourceTypes.count) resource types, \(svc.operations.count) operations in \(elapsed)")
            #expect(svc.operations.count == ops.count, "\(model)")
            for op in ops {
                let auth = try #require(svc.operations[op], "\(model).\(op) has no mapping")
                #expect(auth.action.contains(":"))
                if !auth.isDefaulted, auth.action.hasPrefix(svc.prefix + ":") {
                    #expect(svc.action(named: auth.action) != nil, "\(model).\(op) -> \(auth.action) not in SAR")
                }
            }
            // Every resource type an action names resolves to a resource type with an ARN.
            for action in svc.actions.values {
                for rt in action.resourceTypes {
                    #expect(svc.resourceTypes[rt.name] != nil, "\(svc.prefix):\(action.name) names \(rt.name)")
                }
            }
        }
    }

    @Test func ec2RunInstances() throws {
        let ec2 = try #require(ServiceAuthorization.forService("ec2"))
        let run = try #require(ec2.action(named: "ec2:RunInstances"))
        #expect(run.accessLevel == "Write")
        let names = Set(run.resourceTypes.map(\.name))
        for needed in ["instance", "subnet", "security-group", "image", "network-interface", "volume", "key-pair"] {
            #expect(names.contains(needed), "\(needed)")
        }
        #expect(Set(run.requiredResourceTypes.map(\.name)).isSuperset(of: ["instance", "image", "subnet", "security-group", "network-interface"]))
        #expect(ec2.resourceTypes["instance"]?.arnFormat == "arn:${Partition}:ec2:${Region}:${Account}:instance/${InstanceId}")
        #expect(run.resourceTypes.first { $0.name == "instance" }?.conditionKeys.contains("ec2:InstanceType") == true)
        let op = try #require(ec2.operations["RunInstances"])
        #expect(op.action == "ec2:RunInstances")
        #expect(op.conditionalActions.contains("iam:PassRole"))
        #expect(op.conditionalActions.contains("ec2:CreateTags"))
        #expect(ec2.actions["runinstances"]?.name == "RunInstances")
        #expect(ec2.conditionKeyTypes["ec2:InstanceType"] == "String")
    }

    @Test func s3ObjectFacts() throws {
        let s3 = try #require(ServiceAuthorization.forService("s3"))
        let get = try #require(s3.action(named: "GetObject"))
        #expect(get.resourceTypes.contains { $0.name == "object" })
        #expect(s3.resourceTypes["object"]?.arnFormat == "arn:${Partition}:s3:::${BucketName}/${ObjectName}")
        #expect(s3.operations["ListObjectsV2"]?.action == "s3:ListBucket")
        #expect(s3.operations["HeadObject"]?.action == "s3:GetObject")
        #expect(s3.operations["HeadBucket"]?.action == "s3:ListBucket")
        #expect(s3.operations["ListBuckets"]?.action == "s3:ListAllMyBuckets")
        #expect(s3.operations["DeleteObjects"]?.action == "s3:DeleteObject")
        #expect(s3.operations["GetBucketLocation"]?.action == "s3:GetBucketLocation")
        #expect(s3.operations["UploadPart"]?.action == "s3:PutObject")
        #expect(s3.operations["CompleteMultipartUpload"]?.action == "s3:PutObject")
        let copy = try #require(s3.operations["CopyObject"])
        #expect(copy.action == "s3:PutObject")
        #expect(copy.additionalActions == ["s3:GetObject"])
        #expect(s3.operations["GetObject"]?.conditionalActions.contains("s3:GetObjectVersion") == true)
    }

    @Test func iamLambdaStsFacts() throws {
        let iam = try #require(ServiceAuthorization.forService("iam"))
        let createUser = try #require(iam.action(named: "CreateUser"))
        #expect(createUser.resourceTypes.map(\.name) == ["user"])
        #expect(createUser.conditionKeys.contains("iam:PermissionsBoundary"))
        #expect(createUser.accessLevel == "Permissions management")
        #expect(iam.resourceTypes["user"]?.arnFormat == "arn:${Partition}:iam::${Account}:user/${UserNameWithPath}")

        let lambda = try #require(ServiceAuthorization.forService("lambda"))
        #expect(lambda.operations["Invoke"]?.action == "lambda:InvokeFunction")
        #expect(lambda.operations["CreateFunction"]?.additionalActions == ["iam:PassRole"])

        let sts = try #require(ServiceAuthorization.forService("sts"))
        #expect(sts.operations["GetCallerIdentity"]?.requiresNoPermission == true)
        #expect(sts.operations["AssumeRoleWithWebIdentity"]?.isUnsigned == true)
        #expect(ServiceAuthorization.forService("nope") == nil)
        #expect(ServiceAuthorization.forService("logs")?.prefix == "logs")
    }

    @Test func concurrentFirstUse() async {
        await withTaskGroup(of: Int.self) { group in
            for _ in 0..<16 {
                for model in ServiceAuthorization.serviceModelNames {
                    group.addTask { ServiceAuthorization.forService(model)?.operations.count ?? -1 }
                }
            }
            for await count in group { #expect(count > 0) }
        }
    }
}
