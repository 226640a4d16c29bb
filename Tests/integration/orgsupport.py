"""Helpers for the Organizations tests (test_organizations*.py): an account per test for the management account,
policy documents, and the two ways into a member account (its root user's key, and OrganizationAccountAccessRole
assumed by an administrator of the management account)."""
import itertools
import json
import zlib
from typing import Any, NamedTuple

import botocore.exceptions
import pytest

ClientError = botocore.exceptions.ClientError
_admins = itertools.count(1)


def account_for(key: str) -> str:
    """A 12-digit account id derived from `key` (the access key naming that account's root user)."""
    return str(300000000000 + zlib.crc32(key.encode()) % 599999999999)


def error(excinfo) -> tuple[str, str]:
    return excinfo.value.response["Error"]["Code"], excinfo.value.response["Error"]["Message"]


def reason(excinfo) -> str | None:
    """The `Reason` member of ConstraintViolationException / InvalidInputException, as botocore parses it."""
    response = excinfo.value.response
    return response.get("Reason") or response["Error"].get("Reason")


def policy(actions, effect="Allow", resource="*", condition=None, not_action=False) -> str:
    statement = {"Effect": effect, ("NotAction" if not_action else "Action"): actions, "Resource": resource}
    if condition:
        statement["Condition"] = condition
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


class Org(NamedTuple):
    account: str        # the management account
    org: Any            # organizations client of the management account's root user
    nimbus: Any
    root_id: str

    def client(self, service: str, account: str | None = None, **kw):
        """A client of `account`'s root user (the management account by default)."""
        return self.nimbus.client(service, access_key=account or self.account, **kw)

    def new_account(self, name: str, parent: str | None = None) -> str:
        status = self.org.create_account(Email=f"{name}@example.com", AccountName=name)["CreateAccountStatus"]
        assert status["State"] == "SUCCEEDED"
        if parent:
            self.org.move_account(AccountId=status["AccountId"], SourceParentId=self.root_id, DestinationParentId=parent)
        return status["AccountId"]

    def admin_session(self, account: str):
        """An administrator of the management account assumes OrganizationAccountAccessRole in `account`; returns a
        client factory of that session ("Accessing a member account that has a management account access role")."""
        iam = self.client("iam")
        user = f"org-admin-{next(_admins)}"
        iam.create_user(UserName=user)
        iam.attach_user_policy(UserName=user, PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess")
        key = iam.create_access_key(UserName=user)["AccessKey"]
        sts = self.nimbus.client("sts", access_key=key["AccessKeyId"], secret_key=key["SecretAccessKey"])
        creds = sts.assume_role(RoleArn=f"arn:aws:iam::{account}:role/OrganizationAccountAccessRole",
                                RoleSessionName="admin")["Credentials"]
        return lambda service, **kw: self.nimbus.client(service, access_key=creds["AccessKeyId"], secret_key=creds["SecretAccessKey"],
                                                        session_token=creds["SessionToken"], **kw)


def make_org(nimbus, account: str, feature_set: str = "ALL", scps: bool = True) -> Org:
    org = nimbus.client("organizations", access_key=account)
    org.create_organization(FeatureSet=feature_set)
    root_id = org.list_roots()["Roots"][0]["Id"]
    if scps:
        org.enable_policy_type(RootId=root_id, PolicyType="SERVICE_CONTROL_POLICY")
    return Org(account, org, nimbus, root_id)


@pytest.fixture
def mgmt(nimbus, request) -> str:
    """The running test's management account: another test, another account, so organizations never meet."""
    return account_for(request.node.nodeid)
