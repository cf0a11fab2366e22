#!/usr/bin/env python3
"""Adoption of live resources (issue 13), end to end on moto's server.

1. Create, BY API (cognito-idp, cognito-identity, s3, iam), what Amplify Gen 1's auth and
   storage templates create: a user pool (email sign-in, or the harder variant: username with
   email and phone aliases, case-sensitive, optional SMS MFA through an SNS role), the web and
   native app clients, two groups, a hosted UI domain, a Google provider, an identity pool
   trusting both clients (ServerSideTokenCheck false, as Amplify had it), its two roles, and the
   storage bucket (Amplify's CORS rule, default encryption).
2. Capture the describe JSON with boto3 into the folder layout `cogform import --from-describe`
   reads (the AWS CLI prints the same shapes).
3. `cogform import --from-describe DIR --plan dev`, `cogform build`, `cogform diff
   --against-describe DIR --format json`.
4. Assertions: an independent comparison (template properties, intrinsics resolved to the live
   ids, against the described values; only the hardening listed in HARDENED may differ, and
   cogform's diff must call each such difference in place); cogform's diff has no replacement,
   rejection or removal; resources-to-import.json names every adopted resource with its live
   identifier and nothing else, each retained in import.template.yaml; a control (one described
   value changed) must be reported by both comparisons.

usage: adopt.py --cogform PATH [--keep DIR] [--fixture DIR]
  standalone: starts moto's server itself (stopped by PID); run.py calls run() instead.
  --fixture DIR: also writes the email variant's capture with its ids replaced by fixed fake
  values (tests/fixtures/describe/amplify-like/).
"""

import argparse
import copy
import datetime
import importlib.metadata
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import time
import traceback

import yaml

E2E = pathlib.Path(__file__).resolve().parent
REGION = "us-east-1"
ENV = "dev"

# What Amplify Gen 1 names (auth-template.yml.ejs: `<prefix>_userpool_<id>-<env>`,
# `<prefix>_app_clientWeb`, `<prefix>_app_client`, `<prefix>_identitypool_<id>__<env>`;
# s3-cloudformation-template.json.ejs: `<bucketName><stack hash>-<env>`).
VARIANTS = {
    "email": {
        "prefix": "photoshare1a2b3c4d",
        "pool": "photoshare1a2b3c4d_userpool_1a2b3c4d-dev",
        "identity_pool": "photoshare1a2b3c4d_identitypool_1a2b3c4d__dev",
        "domain": "photoshare1a2b3c4d-1a2b3c4d-dev",
        "bucket": "photoshare-storage-1a2b3c-dev",
    },
    "aliases": {
        "prefix": "travelog5e6f7a8b",
        "pool": "travelog5e6f7a8b_userpool_5e6f7a8b-dev",
        "identity_pool": "travelog5e6f7a8b_identitypool_5e6f7a8b__dev",
        "domain": "travelog5e6f7a8b-5e6f7a8b-dev",
        "bucket": "travelog-media-5e6f7a-dev",
    },
}

# Amplify's storage template: one CORS rule.
AMPLIFY_CORS = {
    "CORSRules": [{
        "ID": "S3CORSRuleId1",
        "AllowedHeaders": ["*"],
        "AllowedMethods": ["GET", "HEAD", "PUT", "POST", "DELETE"],
        "AllowedOrigins": ["*"],
        "ExposeHeaders": ["x-amz-server-side-encryption", "x-amz-request-id", "x-amz-id-2", "ETag"],
        "MaxAgeSeconds": 3000,
    }]
}
CALLBACKS = ["http://localhost:3000/"]
GOOGLE_SECRET = "E2E-PLAINTEXT-GOOGLE-SECRET"


# ---------------------------------------------------------------------------------------------
# 1. Create by API


def create(aws, variant):
    """The live resources, as Amplify Gen 1 would have them; returns their ids."""
    v = VARIANTS[variant]
    idp = aws.client("cognito-idp")
    iam = aws.client("iam")
    ids = {"variant": variant, **v}
    trust_cognito = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "cognito-idp.amazonaws.com"},
                       "Action": "sts:AssumeRole",
                       "Condition": {"StringEquals": {"sts:ExternalId": f"{v['prefix']}_role_external_id"}}}],
    }
    pool_args = dict(
        PoolName=v["pool"],
        Policies={"PasswordPolicy": {
            "MinimumLength": 8, "RequireUppercase": True, "RequireLowercase": True,
            "RequireNumbers": True, "RequireSymbols": True, "TemporaryPasswordValidityDays": 7,
        }},
        AutoVerifiedAttributes=["email"],
        Schema=[{"Name": "email", "AttributeDataType": "String", "Required": True, "Mutable": True}],
        EmailVerificationSubject="Your verification code",
        EmailVerificationMessage="Your verification code is {####}",
        SmsVerificationMessage="Your verification code is {####}",
        AccountRecoverySetting={"RecoveryMechanisms": [{"Priority": 1, "Name": "verified_email"}]},
    )
    if variant == "email":
        pool_args.update(
            UsernameAttributes=["email"],
            UsernameConfiguration={"CaseSensitive": False},
            MfaConfiguration="OFF",
        )
    else:
        sns = iam.create_role(
            RoleName=f"sns{v['prefix'][-8:]}-dev",
            AssumeRolePolicyDocument=json.dumps(trust_cognito),
        )["Role"]["Arn"]
        ids["sns_role"] = sns
        pool_args.update(
            AliasAttributes=["email", "phone_number"],
            UsernameConfiguration={"CaseSensitive": True},
            MfaConfiguration="OPTIONAL",
            SmsConfiguration={"SnsCallerArn": sns, "ExternalId": f"{v['prefix']}_role_external_id"},
            SmsAuthenticationMessage="Your authentication code is {####}",
        )
        pool_args["Schema"].append(
            {"Name": "phone_number", "AttributeDataType": "String", "Required": True, "Mutable": True})
    pool = idp.create_user_pool(**pool_args)["UserPool"]
    pid = ids["pool_id"] = pool["Id"]
    ids["pool_arn"] = pool["Arn"]
    if variant == "aliases":
        idp.set_user_pool_mfa_config(
            UserPoolId=pid,
            SmsMfaConfiguration={"SmsAuthenticationMessage": "Your authentication code is {####}",
                                 "SmsConfiguration": pool_args["SmsConfiguration"]},
            SoftwareTokenMfaConfiguration={"Enabled": False},
            MfaConfiguration="OPTIONAL",
        )
    idp.create_user_pool_domain(Domain=v["domain"], UserPoolId=pid)
    idp.create_identity_provider(
        UserPoolId=pid,
        ProviderName="Google",
        ProviderType="Google",
        ProviderDetails={"client_id": f"{v['prefix']}.apps.googleusercontent.com",
                         "client_secret": GOOGLE_SECRET,
                         "authorize_scopes": "openid email profile"},
        AttributeMapping={"email": "email", "username": "sub"},
    )
    client_common = dict(
        UserPoolId=pid,
        GenerateSecret=False,
        RefreshTokenValidity=30,
        TokenValidityUnits={"RefreshToken": "days"},
        ExplicitAuthFlows=["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    )
    web = idp.create_user_pool_client(
        ClientName=f"{v['prefix']}_app_clientWeb",
        AllowedOAuthFlowsUserPoolClient=True,
        AllowedOAuthFlows=["code"],
        AllowedOAuthScopes=["phone", "email", "openid", "profile", "aws.cognito.signin.user.admin"],
        CallbackURLs=CALLBACKS,
        LogoutURLs=CALLBACKS,
        SupportedIdentityProviders=["COGNITO", "Google"],
        **client_common,
    )["UserPoolClient"]
    native = idp.create_user_pool_client(
        ClientName=f"{v['prefix']}_app_client", **client_common)["UserPoolClient"]
    ids["clients"] = {web["ClientName"]: web["ClientId"], native["ClientName"]: native["ClientId"]}
    ids["groups"] = {"Admins": 1, "Editors": 2}
    for name, precedence, description in (("Admins", 1, "Administrators"),
                                          ("Editors", 2, "People who edit the albums")):
        idp.create_group(GroupName=name, UserPoolId=pid, Precedence=precedence,
                         Description=description)
    ci = aws.client("cognito-identity")
    provider = f"cognito-idp.{REGION}.amazonaws.com/{pid}"
    ipool = ci.create_identity_pool(
        IdentityPoolName=v["identity_pool"],
        AllowUnauthenticatedIdentities=True,
        CognitoIdentityProviders=[
            {"ProviderName": provider, "ClientId": c, "ServerSideTokenCheck": False}
            for c in (native["ClientId"], web["ClientId"])
        ],
    )
    ids["identity_pool_id"] = ipool["IdentityPoolId"]
    roles = {}
    for kind, amr in (("authenticated", "authenticated"), ("unauthenticated", "unauthenticated")):
        trust = {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"},
                           "Action": "sts:AssumeRoleWithWebIdentity",
                           "Condition": {"StringEquals": {"cognito-identity.amazonaws.com:aud": ipool["IdentityPoolId"]},
                                         "ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": amr}}}],
        }
        name = f"amplify-{v['prefix'][:8]}-dev-{'authRole' if kind == 'authenticated' else 'unauthRole'}"
        roles[kind] = iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
    ids["roles"] = roles
    try:
        ci.set_identity_pool_roles(IdentityPoolId=ipool["IdentityPoolId"], Roles=roles)
        ids["roles_attached"] = True
    except Exception as e:  # moto may lack SetIdentityPoolRoles
        ids["roles_attached"] = f"{type(e).__name__}: {e}"
    s3 = aws.client("s3")
    s3.create_bucket(Bucket=v["bucket"])
    s3.put_bucket_cors(Bucket=v["bucket"], CORSConfiguration=AMPLIFY_CORS)
    s3.put_bucket_encryption(Bucket=v["bucket"], ServerSideEncryptionConfiguration={
        "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]})
    return ids


# ---------------------------------------------------------------------------------------------
# 2. Capture the describe JSON


def _plain(value):
    """A response as the AWS CLI prints it: no ResponseMetadata, dates as ISO strings."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if k != "ResponseMetadata"}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode()
    return value


def _write(folder, rel, response):
    path = folder / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(_plain(response), indent=2, sort_keys=False) + "\n")


BUCKET_CALLS = {
    "versioning": "get_bucket_versioning",
    "encryption": "get_bucket_encryption",
    "public-access-block": "get_public_access_block",
    "ownership-controls": "get_bucket_ownership_controls",
    "cors": "get_bucket_cors",
    "lifecycle": "get_bucket_lifecycle_configuration",
    "logging": "get_bucket_logging",
    "notification": "get_bucket_notification_configuration",
    "tagging": "get_bucket_tagging",
}


def capture(aws, ids, folder):
    """The describe folder (layout: README "Coming from Amplify"); returns {file: note} of the
    files left out and why."""
    folder = pathlib.Path(folder)
    idp = aws.client("cognito-idp")
    pid = ids["pool_id"]
    skipped = {}
    _write(folder, "user-pool.json", idp.describe_user_pool(UserPoolId=pid))
    try:
        _write(folder, "mfa-config.json", idp.get_user_pool_mfa_config(UserPoolId=pid))
    except Exception as e:
        skipped["mfa-config.json"] = str(e)
    for name, cid in ids["clients"].items():
        _write(folder, f"clients/{name}.json",
               idp.describe_user_pool_client(UserPoolId=pid, ClientId=cid))
    _write(folder, "groups.json", idp.list_groups(UserPoolId=pid))
    for p in idp.list_identity_providers(UserPoolId=pid)["Providers"]:
        _write(folder, f"identity-providers/{p['ProviderName']}.json",
               idp.describe_identity_provider(UserPoolId=pid, ProviderName=p["ProviderName"]))
    _write(folder, "domain.json", idp.describe_user_pool_domain(Domain=ids["domain"]))
    ci = aws.client("cognito-identity")
    _write(folder, "identity-pool.json", ci.describe_identity_pool(IdentityPoolId=ids["identity_pool_id"]))
    try:
        _write(folder, "identity-pool-roles.json",
               ci.get_identity_pool_roles(IdentityPoolId=ids["identity_pool_id"]))
    except Exception as e:
        skipped["identity-pool-roles.json"] = str(e)
    s3 = aws.client("s3")
    bucket = ids["bucket"]
    for setting, call in BUCKET_CALLS.items():
        rel = f"buckets/{bucket}/{setting}.json"
        try:
            _write(folder, rel, getattr(s3, call)(Bucket=bucket))
        except Exception as e:  # not set (NoSuch…)
            skipped[rel] = getattr(e, "response", {}).get("Error", {}).get("Code", str(e))
    return skipped


# ---------------------------------------------------------------------------------------------
# 3. cogform: import, build, diff


def cogform(binary, *args):
    return subprocess.run([binary, *map(str, args)], capture_output=True, text=True,
                          env={**os.environ, "NO_COLOR": "1"}, timeout=120)


def must(r, what, codes=(0,)):
    if r.returncode not in codes:
        raise AssertionError(f"{what} exited {r.returncode}:\n{r.stdout[-2000:]}\n{r.stderr[-3000:]}")
    return r


def adopt(binary, describe, project):
    """import --from-describe + build + diff --against-describe; returns what they left."""
    project.mkdir(parents=True, exist_ok=True)
    imported = must(cogform(binary, "-C", project, "import", "--from-describe", describe,
                            "--env", ENV, "--plan", ENV), "cogform import --from-describe")
    must(cogform(binary, "-C", project, "build"), "cogform build")
    return imported.stderr + imported.stdout


def diff(binary, describe, project):
    """cogform diff --against-describe as JSON: (exit code, report)."""
    r = cogform(binary, "-C", project, "diff", "--against-describe", describe, "--env", ENV,
                "--format", "json")
    try:
        report = json.loads(r.stdout)
    except ValueError:
        raise AssertionError(f"diff --format json printed no JSON (exit {r.returncode}):\n"
                             f"{r.stdout[-2000:]}\n{r.stderr[-2000:]}")
    return r.returncode, report


# ---------------------------------------------------------------------------------------------
# 4a. The independent comparison: template properties (intrinsics resolved to the live ids)
# against the described values.

# Differences cogform makes on purpose: each must be one CloudFormation applies in place, which
# cogform's own diff must say (effect `in_place`). (resource type, property) -> why.
HARDENED = {
    ("AWS::Cognito::UserPool", "DeletionProtection"):
        "an adopted pool is protected from deletion (ACTIVE)",
    ("AWS::Cognito::UserPool", "UserAttributeUpdateSettings"):
        "a changed email/phone stays unverified until confirmed (the old value keeps working)",
    ("AWS::Cognito::UserPool", "SmsConfiguration"):
        "the SMS role is cogform's own (roles and policies are created new, issue 13)",
    ("AWS::Cognito::UserPoolClient", "PreventUserExistenceErrors"):
        "sign-in errors do not tell which users exist (ENABLED)",
    ("AWS::Cognito::UserPoolClient", "EnableTokenRevocation"):
        "refresh tokens can be revoked",
    ("AWS::Cognito::UserPoolClient", "ReadAttributes"):
        "clients read only the attributes the project declares",
    ("AWS::Cognito::UserPoolClient", "WriteAttributes"):
        "clients write only the attributes the project declares (never *_verified)",
    ("AWS::Cognito::UserPoolClient", "SupportedIdentityProviders"):
        "COGNITO named explicitly on clients without a provider list (sign-in unchanged)",
    ("AWS::Cognito::UserPoolGroup", "RoleArn"):
        "each group gets cogform's own role (roles are created new, issue 13)",
    ("AWS::Cognito::IdentityPool", "CognitoIdentityProviders.ServerSideTokenCheck"):
        "the identity pool checks that a user's tokens were not revoked (Amplify had false)",
    ("AWS::S3::Bucket", "BucketEncryption"):
        "S3 bucket keys on for the default encryption (AES256 either way)",
    ("AWS::S3::Bucket", "VersioningConfiguration"):
        "versioning on: an overwritten or deleted object can be recovered",
    ("AWS::S3::Bucket", "LifecycleConfiguration"):
        "old versions expire and incomplete uploads are aborted (bounds versioning's cost)",
    ("AWS::S3::Bucket", "PublicAccessBlockConfiguration"):
        "no public ACL or policy can open the bucket",
    ("AWS::S3::Bucket", "OwnershipControls"):
        "ACLs disabled (bucket owner enforced)",
    ("AWS::S3::Bucket", "LoggingConfiguration"):
        "server access logs into cogform's new log bucket",
}

# What moto's describe answers leave out although the real ones carry it, so the import falls
# back to a default: not a cogform choice, and the real capture would not differ.
EMULATOR = {
    ("AWS::Cognito::UserPool", "UserPoolTier"):
        "moto's DescribeUserPool has no UserPoolTier (the import copies the real one)",
}

# Cognito's texts where a pool sets none (moto answers the same).
DEFAULT_TEXTS = {
    "EmailSubject": "Your verification code",
    "EmailMessage": "Your verification code is {####}. ",
    "SmsMessage": "Your verification code is {####}. ",
    "InviteEmailSubject": "Your temporary password",
    "InviteEmailMessage": "Your username is {username} and temporary password is {####}. ",
    "InviteSMSMessage": "Your username is {username} and temporary password is {####}. ",
}

# Settings the import does not carry over and says so (a finding naming the key): each may
# differ only when the import printed that finding and cogform's diff lists the change in
# place. (resource type, property) -> the finding's key.
NOT_CARRIED = {
    ("AWS::Cognito::UserPool", "VerificationMessageTemplate"): "UserPool.VerificationMessageTemplate.EmailMessage",
    ("AWS::Cognito::UserPool", "EmailVerificationSubject"): "UserPool.VerificationMessageTemplate.EmailMessage",
    ("AWS::Cognito::UserPool", "EmailVerificationMessage"): "UserPool.VerificationMessageTemplate.EmailMessage",
    ("AWS::Cognito::UserPool", "SmsVerificationMessage"): "UserPool.VerificationMessageTemplate.SmsMessage",
    ("AWS::Cognito::UserPool", "AutoVerifiedAttributes"): "UserPool.AutoVerifiedAttributes",
    ("AWS::S3::Bucket", "CorsConfiguration"): "CORSRules.0.AllowedOrigins",
    ("AWS::Cognito::UserPool", "AdminCreateUserConfig.InviteMessageTemplate"):
        "UserPool.AdminCreateUserConfig.InviteMessageTemplate",
    ("AWS::Cognito::UserPool", "SmsAuthenticationMessage"): "UserPool.SmsAuthenticationMessage",
}

BUILT_IN = {"sub", "email_verified", "phone_number_verified", "identities"}
MINUTES = {"seconds": 1 / 60, "minutes": 1, "hours": 60, "days": 1440}


class Resolver:
    """Ref / Fn::GetAtt / Fn::Sub of adopted resources, resolved to the live ids; anything
    else (a resource the template creates) stays a readable marker."""

    def __init__(self, template, live):
        self.refs, self.atts = {}, {}
        pool_id = live["user_pool"]["Id"]
        for rid, r in template["Resources"].items():
            t, p = r["Type"], r.get("Properties", {})
            if t == "AWS::Cognito::UserPool":
                self.refs[rid] = pool_id
                self.atts[(rid, "Arn")] = live["user_pool"]["Arn"]
                self.atts[(rid, "ProviderName")] = f"cognito-idp.{REGION}.amazonaws.com/{pool_id}"
                self.atts[(rid, "ProviderURL")] = f"https://cognito-idp.{REGION}.amazonaws.com/{pool_id}"
            elif t == "AWS::Cognito::UserPoolClient" and isinstance(p.get("ClientName"), str) \
                    and p["ClientName"] in live["clients"]:
                self.refs[rid] = live["clients"][p["ClientName"]]["ClientId"]
            elif t == "AWS::Cognito::IdentityPool" and live.get("identity_pool"):
                self.refs[rid] = live["identity_pool"]["IdentityPoolId"]
            elif t == "AWS::S3::Bucket" and isinstance(p.get("BucketName"), str) \
                    and p["BucketName"] in live["buckets"]:
                self.refs[rid] = p["BucketName"]
                self.atts[(rid, "Arn")] = f"arn:aws:s3:::{p['BucketName']}"
        self.pseudo = {"AWS::Region": REGION, "AWS::AccountId": live["user_pool"]["Arn"].split(":")[4],
                       "AWS::Partition": "aws", "AWS::URLSuffix": "amazonaws.com"}

    def __call__(self, v):
        if isinstance(v, list):
            return [self(x) for x in v]
        if not isinstance(v, dict):
            return v
        if set(v) == {"Ref"}:
            name = v["Ref"]
            return self.refs.get(name, self.pseudo.get(name, f"<Ref {name}>"))
        if set(v) == {"Fn::GetAtt"}:
            rid, att = v["Fn::GetAtt"] if isinstance(v["Fn::GetAtt"], list) else v["Fn::GetAtt"].split(".", 1)
            return self.atts.get((rid, att), f"<GetAtt {rid}.{att}>")
        if set(v) == {"Fn::Sub"}:
            text, extra = (v["Fn::Sub"], {}) if isinstance(v["Fn::Sub"], str) else v["Fn::Sub"]

            def sub(m):
                key = m.group(1)
                if key in extra:
                    return str(self(extra[key]))
                if "." in key:
                    rid, att = key.split(".", 1)
                    return self.atts.get((rid, att), f"<GetAtt {key}>")
                return str(self.refs.get(key, self.pseudo.get(key, f"<Ref {key}>")))

            return re.sub(r"\$\{([^}!]+)\}", sub, text)
        return {k: self(x) for k, x in v.items()}


def read_describe(folder):
    """The describe folder as one value (the comparison's live side)."""
    folder = pathlib.Path(folder)

    def load(rel, key=None):
        p = folder / rel
        if not p.exists():
            return None
        v = json.loads(p.read_text())
        return v[key] if key else v

    live = {
        "user_pool": load("user-pool.json", "UserPool"),
        "mfa": load("mfa-config.json"),
        "clients": {},
        "groups": {g["GroupName"]: g for g in (load("groups.json", "Groups") or [])},
        "providers": {},
        "domain": load("domain.json", "DomainDescription"),
        "identity_pool": load("identity-pool.json"),
        "buckets": {},
    }
    for p in sorted((folder / "clients").glob("*.json")):
        c = json.loads(p.read_text())["UserPoolClient"]
        live["clients"][c["ClientName"]] = c
    for p in sorted((folder / "identity-providers").glob("*.json")):
        i = json.loads(p.read_text())["IdentityProvider"]
        live["providers"][i["ProviderName"]] = i
    for b in sorted((folder / "buckets").glob("*")):
        live["buckets"][b.name] = {p.stem: json.loads(p.read_text()) for p in b.glob("*.json")}
    return live


def _set(v):
    return sorted(v or [])


def _minutes(value, unit):
    return None if value is None else round(value * MINUTES[unit])


def pairs_user_pool(p, live, mfa):
    """(property path, template value, live value) for every setting the capture carries."""
    L = live
    out = [
        ("UserPoolName", p.get("UserPoolName"), L["Name"]),
        ("UsernameAttributes", _set(p.get("UsernameAttributes")), _set(L.get("UsernameAttributes"))),
        ("AliasAttributes", _set(p.get("AliasAttributes")), _set(L.get("AliasAttributes"))),
        ("UsernameConfiguration.CaseSensitive",
         p.get("UsernameConfiguration", {}).get("CaseSensitive", True),
         L.get("UsernameConfiguration", {}).get("CaseSensitive", True)),
        ("MfaConfiguration", p.get("MfaConfiguration", "OFF"), L.get("MfaConfiguration", "OFF")),
        ("AutoVerifiedAttributes", _set(p.get("AutoVerifiedAttributes")), _set(L.get("AutoVerifiedAttributes"))),
        ("AccountRecoverySetting",
         sorted((m["Priority"], m["Name"]) for m in p.get("AccountRecoverySetting", {}).get("RecoveryMechanisms", [])),
         sorted((m["Priority"], m["Name"]) for m in L.get("AccountRecoverySetting", {}).get("RecoveryMechanisms", []))),
        ("AdminCreateUserConfig.AllowAdminCreateUserOnly",
         p.get("AdminCreateUserConfig", {}).get("AllowAdminCreateUserOnly", False),
         L.get("AdminCreateUserConfig", {}).get("AllowAdminCreateUserOnly", False)),
        ("DeletionProtection", p.get("DeletionProtection", "INACTIVE"), L.get("DeletionProtection", "INACTIVE")),
        ("UserAttributeUpdateSettings",
         _set(p.get("UserAttributeUpdateSettings", {}).get("AttributesRequireVerificationBeforeUpdate")),
         _set(L.get("UserAttributeUpdateSettings", {}).get("AttributesRequireVerificationBeforeUpdate"))),
        ("EmailConfiguration.EmailSendingAccount",
         p.get("EmailConfiguration", {}).get("EmailSendingAccount", "COGNITO_DEFAULT"),
         L.get("EmailConfiguration", {}).get("EmailSendingAccount", "COGNITO_DEFAULT")),
        ("LambdaConfig", p.get("LambdaConfig") or {}, L.get("LambdaConfig") or {}),
    ]
    if "UserPoolTier" in L or "UserPoolTier" in p:
        out.append(("UserPoolTier", p.get("UserPoolTier"), L.get("UserPoolTier")))
    pp, lp = p.get("Policies", {}).get("PasswordPolicy", {}), L.get("Policies", {}).get("PasswordPolicy", {})
    for key, default in (("MinimumLength", 8), ("RequireUppercase", False), ("RequireLowercase", False),
                         ("RequireNumbers", False), ("RequireSymbols", False),
                         ("TemporaryPasswordValidityDays", 7)):
        out.append((f"Policies.PasswordPolicy.{key}", pp.get(key, default), lp.get(key, default)))
    schema = {a["Name"]: a for a in p.get("Schema", [])}
    for name in sorted(set(schema) | {a["Name"] for a in L.get("SchemaAttributes", [])} - BUILT_IN):
        la = next((a for a in L.get("SchemaAttributes", []) if a["Name"] == name), None)
        ta = schema.get(name.removeprefix("custom:")) or schema.get(name)
        shape = lambda a: None if a is None else (  # noqa: E731
            a.get("AttributeDataType", "String"), a.get("Required", False), a.get("Mutable", True))
        out.append((f"Schema.{name}", shape(ta) if ta or name.startswith("custom:") else
                    ("String", False, True), shape(la)))
    # Verification and invitation texts: the describe answer carries both spellings (the
    # template's absence means Cognito's default text).
    t = p.get("VerificationMessageTemplate", {})
    lt = L.get("VerificationMessageTemplate", {})
    for key, top in (("EmailSubject", "EmailVerificationSubject"), ("EmailMessage", "EmailVerificationMessage"),
                     ("SmsMessage", "SmsVerificationMessage")):
        mine = t.get(key, p.get(top, DEFAULT_TEXTS[key]))
        if key in lt:
            out.append((f"VerificationMessageTemplate.{key}", mine, lt[key]))
        if top in L:
            out.append((top, mine, L[top]))
    out.append(("VerificationMessageTemplate.DefaultEmailOption", t.get("DefaultEmailOption", "CONFIRM_WITH_CODE"),
                lt.get("DefaultEmailOption", "CONFIRM_WITH_CODE")))
    invite = L.get("AdminCreateUserConfig", {}).get("InviteMessageTemplate")
    if invite:
        tinvite = p.get("AdminCreateUserConfig", {}).get("InviteMessageTemplate", {})
        for key in sorted(invite):
            out.append((f"AdminCreateUserConfig.InviteMessageTemplate.{key}",
                        tinvite.get(key, DEFAULT_TEXTS.get(f"Invite{key}")), invite[key]))
    if L.get("SmsAuthenticationMessage") is not None:
        out.append(("SmsAuthenticationMessage", p.get("SmsAuthenticationMessage"), L["SmsAuthenticationMessage"]))
    if L.get("SmsConfiguration") or p.get("SmsConfiguration"):
        for key in ("SnsCallerArn", "ExternalId"):
            out.append((f"SmsConfiguration.{key}", p.get("SmsConfiguration", {}).get(key),
                        L.get("SmsConfiguration", {}).get(key)))
    if L.get("MfaConfiguration", "OFF") != "OFF" and mfa is not None:
        enabled = []
        if mfa.get("SmsMfaConfiguration"):
            enabled.append("SMS_MFA")
        if mfa.get("SoftwareTokenMfaConfiguration", {}).get("Enabled"):
            enabled.append("SOFTWARE_TOKEN_MFA")
        if mfa.get("EmailMfaConfiguration"):
            enabled.append("EMAIL_OTP")
        out.append(("EnabledMfas", _set(p.get("EnabledMfas")), _set(enabled)))
    return out


def pairs_client(p, c):
    units = c.get("TokenValidityUnits", {})
    tunits = p.get("TokenValidityUnits", {})
    out = [
        ("ClientName", p.get("ClientName"), c["ClientName"]),
        ("UserPoolId", p.get("UserPoolId"), c["UserPoolId"]),
        ("GenerateSecret", bool(p.get("GenerateSecret", False)), "ClientSecret" in c),
        ("ExplicitAuthFlows", _set(p.get("ExplicitAuthFlows")), _set(c.get("ExplicitAuthFlows"))),
        ("AuthSessionValidity", p.get("AuthSessionValidity", 3), c.get("AuthSessionValidity", 3)),
        ("AllowedOAuthFlowsUserPoolClient", p.get("AllowedOAuthFlowsUserPoolClient", False),
         c.get("AllowedOAuthFlowsUserPoolClient", False)),
        ("EnableTokenRevocation", p.get("EnableTokenRevocation", True), c.get("EnableTokenRevocation", True)),
        ("PreventUserExistenceErrors", p.get("PreventUserExistenceErrors", "LEGACY"),
         c.get("PreventUserExistenceErrors", "LEGACY")),
        ("EnablePropagateAdditionalUserContextData", p.get("EnablePropagateAdditionalUserContextData", False),
         c.get("EnablePropagateAdditionalUserContextData", False)),
        ("DefaultRedirectURI", p.get("DefaultRedirectURI"), c.get("DefaultRedirectURI")),
    ]
    for key, unit_key, default, default_unit in (
            ("RefreshTokenValidity", "RefreshToken", 30, "days"),
            ("AccessTokenValidity", "AccessToken", 60, "minutes"),
            ("IdTokenValidity", "IdToken", 60, "minutes")):
        out.append((f"{key} (minutes)",
                    _minutes(p.get(key, default), tunits.get(unit_key, "days" if unit_key == "RefreshToken" else "hours")
                             if key in p else default_unit),
                    _minutes(c.get(key, default), units.get(unit_key, "days" if unit_key == "RefreshToken" else "hours")
                             if key in c else default_unit)))
    for key in ("CallbackURLs", "LogoutURLs", "AllowedOAuthFlows", "AllowedOAuthScopes",
                "SupportedIdentityProviders", "ReadAttributes", "WriteAttributes"):
        out.append((key, _set(p.get(key)), _set(c.get(key))))
    return out


def pairs_group(p, g):
    return [("GroupName", p.get("GroupName"), g["GroupName"]),
            ("UserPoolId", p.get("UserPoolId"), g["UserPoolId"]),
            ("Precedence", p.get("Precedence"), g.get("Precedence")),
            ("Description", p.get("Description"), g.get("Description")),
            ("RoleArn", p.get("RoleArn"), g.get("RoleArn"))]


def pairs_domain(p, d):
    return [("Domain", p.get("Domain"), d["Domain"]),
            ("UserPoolId", p.get("UserPoolId"), d["UserPoolId"]),
            ("CustomDomainConfig.CertificateArn", p.get("CustomDomainConfig", {}).get("CertificateArn"),
             d.get("CustomDomainConfig", {}).get("CertificateArn"))]


def pairs_provider(p, i):
    td, ld = p.get("ProviderDetails", {}), i.get("ProviderDetails", {})
    out = [("ProviderName", p.get("ProviderName"), i["ProviderName"]),
           ("ProviderType", p.get("ProviderType"), i["ProviderType"]),
           ("UserPoolId", p.get("UserPoolId"), i["UserPoolId"])]
    mapping, tmapping = i.get("AttributeMapping", {}), p.get("AttributeMapping", {})
    for key in sorted(set(mapping) | set(tmapping)):
        if key == "username" and key not in tmapping and i["ProviderType"] in SOCIAL:
            # Cognito maps `username` to the social provider's subject itself (not a setting).
            continue
        out.append((f"AttributeMapping.{key}", tmapping.get(key), mapping.get(key)))
    for key in sorted(set(ld) | set(td)):
        tv, lv = td.get(key), ld.get(key)
        if key == "authorize_scopes":
            tv, lv = sorted((tv or "").replace(",", " ").split()), sorted((lv or "").replace(",", " ").split())
        if key in ("client_secret", "private_key") and isinstance(tv, str) and tv.startswith("{{resolve:secretsmanager:"):
            # A reference to Secrets Manager, resolved at deploy: the value is the user's to store.
            continue
        out.append((f"ProviderDetails.{key}", tv, lv))
    return out


SOCIAL = {"Google", "Facebook", "LoginWithAmazon", "SignInWithApple"}


def pairs_identity_pool(p, ip):
    tp = {c.get("ClientId"): c for c in p.get("CognitoIdentityProviders", [])}
    lp = {c["ClientId"]: c for c in ip.get("CognitoIdentityProviders", [])}
    out = [("IdentityPoolName", p.get("IdentityPoolName"), ip["IdentityPoolName"]),
           ("AllowUnauthenticatedIdentities", p.get("AllowUnauthenticatedIdentities", False),
            ip.get("AllowUnauthenticatedIdentities", False)),
           ("AllowClassicFlow", p.get("AllowClassicFlow", False), ip.get("AllowClassicFlow", False)),
           ("CognitoIdentityProviders.ClientId", sorted(tp), sorted(lp)),
           ("SupportedLoginProviders", p.get("SupportedLoginProviders") or {}, ip.get("SupportedLoginProviders") or {}),
           ("OpenIdConnectProviderARNs", _set(p.get("OpenIdConnectProviderARNs")), _set(ip.get("OpenIdConnectProviderARNs"))),
           ("SamlProviderARNs", _set(p.get("SamlProviderARNs")), _set(ip.get("SamlProviderARNs"))),
           ("DeveloperProviderName", p.get("DeveloperProviderName"), ip.get("DeveloperProviderName"))]
    for cid in sorted(set(tp) & set(lp)):
        out.append(("CognitoIdentityProviders.ProviderName", tp[cid].get("ProviderName"), lp[cid]["ProviderName"]))
        out.append(("CognitoIdentityProviders.ServerSideTokenCheck", tp[cid].get("ServerSideTokenCheck", False),
                    lp[cid].get("ServerSideTokenCheck", False)))
    return out


def pairs_bucket(p, name, settings):
    def cors_rules(rules, cfn):
        """CORS rules in one spelling (CloudFormation's `Id`/`ExposedHeaders`/`MaxAge`, S3's
        `ID`/`ExposeHeaders`/`MaxAgeSeconds`)."""
        out = []
        for r in rules or []:
            age = r.get("MaxAge" if cfn else "MaxAgeSeconds")
            out.append({"ID": r.get("Id" if cfn else "ID"),
                        "AllowedHeaders": _set(r.get("AllowedHeaders")),
                        "AllowedMethods": _set(r.get("AllowedMethods")),
                        "AllowedOrigins": _set(r.get("AllowedOrigins")),
                        "ExposeHeaders": _set(r.get("ExposedHeaders" if cfn else "ExposeHeaders")),
                        "MaxAgeSeconds": None if age is None else int(age)})
        return sorted(out, key=json.dumps)

    enc = settings.get("encryption", {}).get("ServerSideEncryptionConfiguration", {}).get("Rules", [])
    tenc = p.get("BucketEncryption", {}).get("ServerSideEncryptionConfiguration", [])
    pab = settings.get("public-access-block", {}).get("PublicAccessBlockConfiguration", {})
    own = settings.get("ownership-controls", {}).get("OwnershipControls", {}).get("Rules", [])
    logging = settings.get("logging", {}).get("LoggingEnabled")
    tlog = p.get("LoggingConfiguration")
    tags = {t["Key"]: t["Value"] for t in settings.get("tagging", {}).get("TagSet", [])}
    notification = {k: v for k, v in settings.get("notification", {}).items() if k != "EventBridgeConfiguration"}
    return [
        ("BucketName", p.get("BucketName"), name),
        ("CorsConfiguration", cors_rules(p.get("CorsConfiguration", {}).get("CorsRules"), True),
         cors_rules(settings.get("cors", {}).get("CORSRules"), False)),
        ("BucketEncryption",
         sorted((r.get("ServerSideEncryptionByDefault", {}).get("SSEAlgorithm"),
                 r.get("ServerSideEncryptionByDefault", {}).get("KMSMasterKeyID"), r.get("BucketKeyEnabled", False))
                for r in tenc) or [("AES256", None, False)],
         sorted((r.get("ApplyServerSideEncryptionByDefault", {}).get("SSEAlgorithm"),
                 r.get("ApplyServerSideEncryptionByDefault", {}).get("KMSMasterKeyID"), r.get("BucketKeyEnabled", False))
                for r in enc) or [("AES256", None, False)]),
        ("VersioningConfiguration", p.get("VersioningConfiguration", {}).get("Status", "Suspended"),
         settings.get("versioning", {}).get("Status", "Suspended")),
        ("PublicAccessBlockConfiguration", p.get("PublicAccessBlockConfiguration") or {}, pab or {}),
        ("OwnershipControls", [r.get("ObjectOwnership") for r in p.get("OwnershipControls", {}).get("Rules", [])],
         [r.get("ObjectOwnership") for r in own]),
        ("LifecycleConfiguration", len(p.get("LifecycleConfiguration", {}).get("Rules", [])),
         len(settings.get("lifecycle", {}).get("Rules", []))),
        ("LoggingConfiguration",
         None if not tlog else (tlog.get("DestinationBucketName"), tlog.get("LogFilePrefix")),
         None if not logging else (logging.get("TargetBucket"), logging.get("TargetPrefix"))),
        ("NotificationConfiguration", bool(p.get("NotificationConfiguration")), bool(notification)),
        ("Tags", {t["Key"]: t["Value"] for t in p.get("Tags", [])}, tags),
    ]


def compare(template, live):
    """Every adopted resource's template properties against the described values.

    Returns (differences, matched, problems): differences are (logical id, type, path, template,
    live); matched maps each described resource to its logical id; problems are described
    resources the template does not hold (or holds twice)."""
    resolve = Resolver(template, live)
    res = template["Resources"]
    by_type = {}
    for rid, r in res.items():
        by_type.setdefault(r["Type"], []).append((rid, resolve(r.get("Properties", {}))))
    matched, problems, diffs = {}, [], []

    def find(kind, label, pred):
        found = [(rid, p) for rid, p in by_type.get(kind, []) if pred(p)]
        if len(found) != 1:
            problems.append(f"{label}: {len(found)} {kind} resources in the template")
            return None, None
        matched[label] = found[0][0]
        return found[0]

    def check(kind, label, pred, pairs):
        rid, p = find(kind, label, pred)
        if rid is None:
            return
        for path, t, lv in pairs(p):
            if t != lv:
                diffs.append((rid, kind, path, t, lv))

    up = live["user_pool"]
    check("AWS::Cognito::UserPool", "user pool", lambda p: True,
          lambda p: pairs_user_pool(p, up, live["mfa"]))
    for name, c in live["clients"].items():
        check("AWS::Cognito::UserPoolClient", f"client {name}", lambda p, n=name: p.get("ClientName") == n,
              lambda p, c=c: pairs_client(p, c))
    for name, g in live["groups"].items():
        check("AWS::Cognito::UserPoolGroup", f"group {name}", lambda p, n=name: p.get("GroupName") == n,
              lambda p, g=g: pairs_group(p, g))
    if live["domain"]:
        check("AWS::Cognito::UserPoolDomain", "domain", lambda p: True,
              lambda p: pairs_domain(p, live["domain"]))
    for name, i in live["providers"].items():
        check("AWS::Cognito::UserPoolIdentityProvider", f"provider {name}",
              lambda p, n=name: p.get("ProviderName") == n, lambda p, i=i: pairs_provider(p, i))
    if live["identity_pool"]:
        check("AWS::Cognito::IdentityPool", "identity pool", lambda p: True,
              lambda p: pairs_identity_pool(p, live["identity_pool"]))
    for name, settings in live["buckets"].items():
        check("AWS::S3::Bucket", f"bucket {name}", lambda p, n=name: p.get("BucketName") == n,
              lambda p, n=name, s=settings: pairs_bucket(p, n, s))
    # An adopted type's resource the capture does not describe would be created, not adopted.
    for kind in ("AWS::Cognito::UserPoolClient", "AWS::Cognito::UserPoolGroup",
                 "AWS::Cognito::UserPoolIdentityProvider"):
        for rid, _ in by_type.get(kind, []):
            if rid not in matched.values():
                problems.append(f"{rid} ({kind}) is in the template but not in the capture")
    return diffs, matched, problems


def allowed(kind, path):
    """The HARDENED or EMULATOR entry a difference falls under, if any."""
    for table in (HARDENED, EMULATOR):
        for (k, prop), why in table.items():
            if k == kind and (path == prop or path.startswith(prop + ".")):
                return why
    return None


# The pool's older top-level message fields are the same settings as these fields of
# `VerificationMessageTemplate`, which is what cogform's template and diff speak of.
SAME_SETTING = {
    "EmailVerificationMessage": "VerificationMessageTemplate.EmailMessage",
    "EmailVerificationSubject": "VerificationMessageTemplate.EmailSubject",
    "SmsVerificationMessage": "VerificationMessageTemplate.SmsMessage",
}


def diff_property(report, rid, path):
    """cogform's diff entry for (resource, property path), matching either way along the path."""
    path = SAME_SETTING.get(path, path)
    for f in report.get("files", []):
        for c in f.get("changes", []):
            if c["id"] != rid:
                continue
            for prop in c.get("properties", []):
                # cogform spells a list member `Schema[email]`, this script `Schema.email`.
                a = re.sub(r"\[([^\]]*)\]", r".\1", prop["path"])
                b = path.split(" ")[0]
                if a == b or a.startswith(b + ".") or b.startswith(a + "."):
                    return prop
    return None


def not_carried_key(kind, path):
    for (k, prop), key in NOT_CARRIED.items():
        if k == kind and (path == prop or path.startswith(prop + ".")):
            return key
    return None


def judge(diffs, report, announced):
    """Sorts the comparison's differences: (accepted lines, failure lines). A hardening (or an
    emulator artefact) must be in cogform's diff as `in_place`; a setting the import does not
    carry over must be announced by the import and in cogform's diff as `in_place`; anything
    else is a difference that would change the adopted resource."""
    ok, bad = [], []
    for rid, kind, path, t, lv in diffs:
        prop = diff_property(report, rid, path)
        effect = prop["effect"] if prop else None
        said = f"cogform's diff: {effect or 'not listed'}"
        why, key = allowed(kind, path), not_carried_key(kind, path)
        line = f"{rid} {path}: template {json.dumps(t)}, live {json.dumps(lv)}"
        if why:
            (ok if effect == "in_place" else bad).append(f"{line} — {why}; {said}")
        elif key:
            if key not in announced:
                bad.append(f"{line} — not carried over but the import did not say so (`{key}`)")
            elif effect != "in_place":
                bad.append(f"{line} — announced as not carried over (`{key}`), but {said}: "
                           "the first update would change it unseen")
            else:
                ok.append(f"{line} — not carried over, announced (`{key}`); {said}")
        else:
            bad.append(f"{line} — neither a listed hardening nor announced; {said}")
    return ok, bad


# ---------------------------------------------------------------------------------------------
# 4c. The resources-to-import file


IDENTIFIERS = {
    "AWS::Cognito::UserPool": ("UserPoolId",),
    "AWS::Cognito::UserPoolClient": ("UserPoolId", "ClientId"),
    "AWS::Cognito::UserPoolGroup": ("UserPoolId", "GroupName"),
    "AWS::Cognito::UserPoolDomain": ("UserPoolId", "Domain"),
    "AWS::Cognito::UserPoolIdentityProvider": ("UserPoolId", "ProviderName"),
    "AWS::Cognito::IdentityPool": ("Id",),
    "AWS::S3::Bucket": ("BucketName",),
}


def expected_imports(ids):
    """(type, identifier) of every resource created in step 1, from the ids step 1 got back."""
    pid = ids["pool_id"]
    out = {("AWS::Cognito::UserPool", json.dumps({"UserPoolId": pid}, sort_keys=True))}
    for cid in ids["clients"].values():
        out.add(("AWS::Cognito::UserPoolClient", json.dumps({"UserPoolId": pid, "ClientId": cid}, sort_keys=True)))
    for g in ids["groups"]:
        out.add(("AWS::Cognito::UserPoolGroup", json.dumps({"UserPoolId": pid, "GroupName": g}, sort_keys=True)))
    out.add(("AWS::Cognito::UserPoolDomain", json.dumps({"UserPoolId": pid, "Domain": ids["domain"]}, sort_keys=True)))
    out.add(("AWS::Cognito::UserPoolIdentityProvider",
             json.dumps({"UserPoolId": pid, "ProviderName": "Google"}, sort_keys=True)))
    out.add(("AWS::Cognito::IdentityPool", json.dumps({"Id": ids["identity_pool_id"]}, sort_keys=True)))
    out.add(("AWS::S3::Bucket", json.dumps({"BucketName": ids["bucket"]}, sort_keys=True)))
    return out


def check_plan(ids, plan_dir, matched):
    entries = json.loads((plan_dir / "resources-to-import.json").read_text())
    assert isinstance(entries, list), "resources-to-import.json is not a list"
    for e in entries:
        assert set(e) == {"ResourceType", "LogicalResourceId", "ResourceIdentifier"}, e
        assert set(e["ResourceIdentifier"]) == set(IDENTIFIERS[e["ResourceType"]]), e
    got = {(e["ResourceType"], json.dumps(e["ResourceIdentifier"], sort_keys=True)) for e in entries}
    want = expected_imports(ids)
    assert len(entries) == len(got), "an entry is listed twice"
    assert got == want, f"missing: {sorted(want - got)}; not created in step 1: {sorted(got - want)}"
    template = yaml.safe_load((plan_dir / "import.template.yaml").read_text())
    for e in entries:
        r = template["Resources"].get(e["LogicalResourceId"])
        assert r is not None, f"{e['LogicalResourceId']} is not in import.template.yaml"
        assert r["Type"] == e["ResourceType"], (e["LogicalResourceId"], r["Type"])
        assert r.get("DeletionPolicy") == "Retain", f"{e['LogicalResourceId']} is not retained"
    # The logical ids are the full template's, the ones the comparison matched.
    assert {e["LogicalResourceId"] for e in entries} == set(matched.values()), (
        sorted(e["LogicalResourceId"] for e in entries), sorted(matched.values()))
    extra = sorted(set(template["Resources"]) - {e["LogicalResourceId"] for e in entries})
    assert not extra, f"import.template.yaml also creates {extra} (an IMPORT change set may only import)"
    return f"{len(entries)} resources, each with its live identifier, each retained"


# ---------------------------------------------------------------------------------------------
# The scenario


def scenario(suite, aws, binary, variant, work, probe=None):
    where = f"adopt/{variant}"
    label = {"email": "email sign-in", "aliases": "username + email/phone aliases, case-sensitive, SMS MFA"}[variant]
    print(f"adopt {variant} ({label}):", flush=True)
    aws.reset()
    st = {"describe": work / f"{variant}.describe", "project": work / f"{variant}.project"}
    for p in st.values():
        shutil.rmtree(p, ignore_errors=True)

    def step1():
        st["ids"] = ids = create(aws, variant)
        attached = ids["roles_attached"]
        if probe:
            probe("identity-pool-roles", attached is not True, where)
        return (f"pool {ids['pool_id']}, {len(ids['clients'])} clients, {len(ids['groups'])} groups, "
                f"domain, Google, identity pool, bucket; roles attached: {attached is True}")

    if not suite.step(where, "1. create by API as Amplify Gen 1 would", step1):
        return
    ids = st["ids"]

    def step2():
        st["skipped"] = skipped = capture(aws, ids, st["describe"])
        files = sorted(str(p.relative_to(st["describe"])) for p in st["describe"].rglob("*.json"))
        st["files"] = files
        if probe:
            probe("identity-pool-roles", "identity-pool-roles.json" in skipped, where)
        return f"{len(files)} files; not set (no file): {', '.join(sorted(skipped)) or 'none'}"

    if not suite.step(where, "2. capture the describe JSON with boto3", step2):
        return

    def step3():
        st["announced"] = adopt(binary, st["describe"], st["project"])
        plan = st["project"] / "build" / "adopt" / ENV
        for f in ("resources-to-import.json", "import.template.yaml", "RUNBOOK.md"):
            assert (plan / f).is_file(), f"build/adopt/{ENV}/{f} missing"
        st["code"], st["report"] = diff(binary, st["describe"], st["project"])
        return f"import, build and diff ran (diff exit {st['code']})"

    if not suite.step(where, "3. cogform import --from-describe --plan, build, diff --against-describe", step3):
        return
    template = yaml.safe_load((st["project"] / "build" / f"{ENV}.template.yaml").read_text())
    live = read_describe(st["describe"])

    def step_a():
        diffs, matched, problems = compare(template, live)
        st["matched"] = matched
        assert not problems, "\n".join(problems)
        ok, bad = judge(diffs, st["report"], st["announced"])
        assert not bad, "differences that would change an adopted resource:\n" + "\n".join(bad) + \
            ("\naccepted:\n" + "\n".join(ok) if ok else "")
        return (f"{len(matched)} adopted resources compared, {len(ok)} accepted differences "
                f"(hardening/not carried, each in place in cogform's diff)")

    suite.step(where, "(a) independent comparison: template = described, except listed hardening", step_a)

    def step_b():
        assert st["code"] == 0, f"diff --against-describe exited {st['code']}"
        report = st["report"]
        bad = []
        for f in report["files"]:
            for c in f["changes"]:
                if c["action"] in ("replace", "reject", "remove"):
                    bad.append(f"{c['id']}: action {c['action']}")
                for p in c.get("properties", []):
                    if p["effect"] in ("replacement", "rejected", "loses_data"):
                        bad.append(f"{c['id']} {p['path']}: {p['effect']}")
        assert not report.get("blocked"), report["blocked"]
        assert not bad, "\n".join(bad)
        s = report["summary"]
        return f"exit 0, {s.get('in_place', 0)} in-place changes, nothing replaced, rejected or removed"

    suite.step(where, "(b) cogform diff: no replacement, rejection or removal; exit 0", step_b)

    def step_c():
        return check_plan(ids, st["project"] / "build" / "adopt" / ENV, st.get("matched") or compare(template, live)[1])

    suite.step(where, "(c) resources-to-import.json: every created resource, its identifier, retained", step_c)

    def control(name, mutate, path, code, effects):
        def run_control():
            copy_dir = work / f"{variant}.control-{name}"
            shutil.rmtree(copy_dir, ignore_errors=True)
            shutil.copytree(st["describe"], copy_dir)
            pool_file = copy_dir / "user-pool.json"
            doc = json.loads(pool_file.read_text())
            mutate(doc["UserPool"])
            pool_file.write_text(json.dumps(doc, indent=2))
            diffs, _, _ = compare(template, read_describe(copy_dir))
            mine = [d for d in diffs if d[2] == path or d[2].startswith(path + ".")]
            assert mine, f"the independent comparison missed {path}"
            _, bad = judge(mine, st["report"], st["announced"])
            assert bad, f"the independent comparison accepted {path}"
            got, report = diff(binary, copy_dir, st["project"])
            prop = diff_property(report, "UserPool", path)
            assert prop is not None, f"cogform's diff does not list {path}: {json.dumps(report)[:1500]}"
            assert prop["effect"] in effects, (path, prop)
            assert got == code, f"cogform diff exited {got}, expected {code}"
            return f"both report {path} (cogform: {prop['effect']}, exit {got})"
        return run_control

    def flip(pool):
        pool["UsernameConfiguration"]["CaseSensitive"] = not pool["UsernameConfiguration"]["CaseSensitive"]

    suite.step(where, "(d) control: CaseSensitive flipped in a copy → reported by both, exit 3",
               control("case", flip, "UsernameConfiguration.CaseSensitive", 3, ("rejected",)))

    def rename(pool):
        for a in pool["SchemaAttributes"]:
            if a["Name"] == "email":
                a["Name"] = "name"

    suite.step(where, "(d) control: required attribute renamed in a copy → reported by both, exit 3",
               control("schema", rename, "Schema", 3, ("rejected", "replacement")))

    def import_change_set():
        """moto's CloudFormation and an IMPORT change set (nothing is executed)."""
        cf = aws.client("cloudformation")
        plan = st["project"] / "build" / "adopt" / ENV
        stack = f"adopt-{variant}-{ENV}"
        try:
            cf.create_change_set(
                StackName=stack, ChangeSetName="adopt", ChangeSetType="IMPORT",
                TemplateBody=(plan / "import.template.yaml").read_text(),
                ResourcesToImport=json.loads((plan / "resources-to-import.json").read_text()))
        except Exception as e:
            if probe:
                probe("import-change-set", True, where)
            return f"refused: {type(e).__name__}: {str(e)[:160]}"
        changes = cf.describe_change_set(StackName=stack, ChangeSetName="adopt")["Changes"]
        actions = sorted({c["ResourceChange"]["Action"] for c in changes})
        cf.delete_change_set(StackName=stack, ChangeSetName="adopt")
        try:
            cf.delete_stack(StackName=stack)
        except Exception:
            pass
        if probe:
            probe("import-change-set", "Import" not in actions, where)
        return (f"accepted, not executed: {len(changes)} changes with action(s) {actions} "
                f"({'an import' if actions == ['Import'] else 'it would create new resources'})")

    suite.step(where, "moto's CloudFormation and the IMPORT change set (not executed)", import_change_set)
    return st


# ---------------------------------------------------------------------------------------------
# The fixture: the email variant's capture with fixed fake ids


def write_fixture(describe, ids, out):
    """A copy of `describe` with every random id and date replaced by a fixed fake value."""
    out = pathlib.Path(out)
    shutil.rmtree(out, ignore_errors=True)
    names = list(ids["clients"])
    fakes = {
        ids["pool_id"]: "us-east-1_AmpL1ke01",
        ids["identity_pool_id"]: "us-east-1:0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
    }
    for n, name in enumerate(sorted(names)):
        fakes[ids["clients"][name]] = f"{n + 1}amplifylike{'web' if name.endswith('Web') else 'nat'}".ljust(26, "0")
    for src in sorted(pathlib.Path(describe).rglob("*.json")):
        text = src.read_text()
        for real, fake in fakes.items():
            text = text.replace(real, fake)
        text = re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+00:00", "2024-03-01T12:00:00+00:00", text)
        doc = json.loads(text)
        if "DomainDescription" in doc:
            # moto answers a random UUID and distribution; the real answers carry the account.
            doc["DomainDescription"]["AWSAccountId"] = "123456789012"
            doc["DomainDescription"]["CloudFrontDistribution"] = "d111111abcdef8.cloudfront.net"
        dest = out / src.relative_to(describe)
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(json.dumps(doc, indent=2) + "\n")
    return out


def run(suite, aws, binary, work, probe=None, fixture=None, variants=("email", "aliases")):
    """The scenario for each variant (run.py calls this with its Suite and emulator)."""
    work = pathlib.Path(work) / "adopt"
    work.mkdir(parents=True, exist_ok=True)
    for variant in variants:
        st = scenario(suite, aws, binary, variant, work, probe)
        if fixture and variant == "email" and st and "ids" in st:
            write_fixture(st["describe"], st["ids"], fixture)
            print(f"  fixture written: {fixture}", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cogform", required=True)
    parser.add_argument("--keep", help="directory where the captures and projects are kept")
    parser.add_argument("--fixture", help="write the email variant's capture, ids fixed, here")
    parser.add_argument("--variant", action="append", choices=sorted(VARIANTS))
    args = parser.parse_args()
    sys.path.insert(0, str(E2E))
    import run as suite_run  # the suite's emulator, AWS clients and step records

    moto = importlib.metadata.version("moto")
    suite = suite_run.Suite()
    started = time.time()
    with tempfile.TemporaryDirectory() as tmp:
        work = pathlib.Path(args.keep) if args.keep else pathlib.Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        emulator = suite_run.Emulator(work / "moto.log")
        print(f"moto {moto} server:", flush=True)
        try:
            emulator.start()
            print(f"  started on {emulator.url}, pid {emulator.proc.pid}", flush=True)
            run(suite, suite_run.Aws(emulator.url), os.path.abspath(args.cogform), work,
                suite.probe, args.fixture and os.path.abspath(args.fixture),
                tuple(args.variant or ("email", "aliases")))
        except Exception:
            suite.record("moto", "the emulator runs the adoption scenario", False, traceback.format_exc())
        finally:
            emulator.stop()
    for key, text in suite_run.blind_spots(moto):
        if key in suite.probes:
            seen = [h for _, h in suite.probes[key]]
            print(f"  - {text}" + (" [observed]" if all(seen) else " [NOT observed: update blind_spots()]"))
            if not all(seen):
                suite.record("blind spots", f"blind spot `{key}` still holds", False, "")
    for g in suite.gaps:
        print(f"  - {g}")
    if suite.failed:
        print("failed steps:")
        for f in suite.failed:
            print(f"  - {f}")
    print(f"adopt: {suite.passed} steps passed" + (f", {len(suite.failed)} failed" if suite.failed else "")
          + f" ({time.time() - started:.0f} s)")
    return 1 if suite.failed else 0


if __name__ == "__main__":
    sys.exit(main())
