#!/usr/bin/env python3
"""End-to-end suite: every example deployed on moto's server, `cogform outputs` on the stack's
outputs, then the real Amplify JS client (and amazon-cognito-identity-js) signing in with the
generated amplify_outputs.json; every generated file is also type-checked against the official
TypeScript types (@aws-amplify/client-config) with tsc.

usage: run.py --cogform PATH [--keep DIR]

Prints one line per step and ends with `e2e: N examples, M steps passed, K known gaps`;
exits 1 when any step fails. The emulator is started on 127.0.0.1 on a free port and stopped
by its PID, whatever happens.
"""

import argparse
import importlib.metadata
import json
import os
import pathlib
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import traceback

import boto3
import botocore.config
import yaml

import adopt
import functions
import session
from deploy import DYNAMIC, Deployment

E2E = pathlib.Path(__file__).resolve().parent
ROOT = E2E.parent
REGION = "us-east-1"


def blind_spots(moto):
    """What the emulator cannot judge, so a green run is not over-read: (probe key, text).
    Spots with a key are probed in every run; a probe that finds the emulator now judges it
    fails the suite, so the list (and the steps that work around it) get updated."""
    return [
        (None, f"moto {moto} evaluates no IAM: role trust policies, identity-pool role choice, "
        "managed and inline policies (functions' execution roles), Lambda permissions and a bucket "
        "policy's Allow statements are stored, never enforced (judged by the static invariants and "
        "`cogform access`)"),
        ('bucket-deny', f"moto {moto}'s S3 applies a bucket policy's Deny to object requests "
        "without evaluating its Condition, and the emulator speaks plain HTTP: the buckets' "
        "DenyInsecureTransport statement refuses every PutObject here (the upload probe lifts the "
        "policy for its one object and puts it back)"),
        (None, f"moto {moto} returns fixed dummy credentials from GetCredentialsForIdentity (no real "
        "role is assumed)"),
        (None, f"moto {moto} has no SetIdentityPoolRoles: the role attachment (authenticated, guest "
        "and token role mapping) is not applied"),
        ('auth-flows', f"moto {moto} ignores the app client's ExplicitAuthFlows: USER_PASSWORD_AUTH succeeds "
        "although the clients allow only SRP and refresh"),
        ('guest-flag', f"moto {moto} ignores AllowUnauthenticatedIdentities: GetId without a login succeeds on "
        "any identity pool (the guest step checks the client's own guest flag instead)"),
        ('srp-proof', f"moto {moto} does not verify SRP proofs: a wrong password passes over USER_SRP_AUTH "
        "(wrong passwords are checked over USER_PASSWORD_AUTH only)"),
        (None, f"moto {moto} lacks GetTokensFromRefreshToken, which aws-amplify >= 6.15.4 uses to "
        "refresh tokens: refresh is not exercised"),
        ('revoke-token', f"moto {moto} has no RevokeToken: signOut's revocation of the refresh token fails on "
        "the emulator (aws-amplify still clears the local session, which the steps check; `cogform "
        "logout` removes the tokens and exits 4 saying so; `logout --everywhere` is checked instead)"),
        (None, f"moto {moto} answers STS GetCallerIdentity for identity-pool credentials with its "
        "default user, not the assumed role: `cogform credentials` shows that ARN on the emulator"),
        (None, f"moto {moto} accepts any TOTP or SMS code (and no wrong one is refused): the MFA "
        "steps check that `cogform login` answers the challenge, not the code's checking"),
        (None, f"moto {moto} issues a new identity id on every GetId: identity ids are not stable "
        "across sign-ins"),
        (None, f"moto {moto} serves no hosted UI or OAuth endpoint and calls no federated identity "
        "provider: social, OIDC and SAML sign-in, and machine clients' client-credentials tokens, "
        "are not exercised"),
        ('lambda-run', f"moto {moto} runs no function without Docker (none here): Invoke answers "
        "'error running docker', so no handler's logic is exercised on the emulator (project "
        "functions' handlers are covered by their Node unit tests, tests/handlers/)"),
        ('post-confirmation', f"moto {moto} calls no user pool trigger: a confirmed sign-up is not "
        "put in DEFAULT_GROUP by the post-confirmation function (LambdaConfig and the pool's "
        "permission are checked instead)"),
        ('upload-event', f"moto {moto}'s S3 calls the upload handler but cannot run it: an object "
        "put under the trigger's prefix is not published (the bucket notification and S3's "
        "permission are checked instead)"),
        (None, f"moto {moto} executes no API Gateway integration from its server (and skips AWS_PROXY "
        "ones in-process): an API route's Lambda integration is never run (the integration's URI "
        "and API Gateway's permission are checked instead; `cogform call` is judged by "
        "sigv4_server.py)"),
        ('notification-permission', f"moto {moto}'s S3 accepts a Lambda destination the bucket may not "
        "invoke (real S3 refuses PutBucketNotificationConfiguration without the function's "
        "permission): the bucket's DependsOn on its permission is not judged"),
        ('dead-letter', f"moto {moto} keeps no function DeadLetterConfig (neither from CloudFormation "
        "nor UpdateFunctionConfiguration): the dead-letter queue, its attributes and the role's "
        "sqs:SendMessage grant are checked, not the function's target; failed asynchronous "
        "invocations are never delivered to it"),
        ('user-auth', f"moto {moto} refuses the choice-based USER_AUTH flow: sign-in by email or "
        "text-message code and by passkey is not exercised (the templates are judged by cfn-lint, "
        "checkov and the invariants)"),
        (None, f"moto {moto}'s CloudFormation keeps only the resource properties it models (e.g. a "
        "bucket's public access block, a log group's retention): those are not checked here"),
        ('import-change-set', f"moto {moto}'s CloudFormation accepts an IMPORT change set but ignores "
        "ResourcesToImport (its changes are `Add`: executing it would create new resources): the "
        "adoption (adopt.py) stops at the change set, never executed"),
        ('identity-pool-roles', f"moto {moto} has no Set/GetIdentityPoolRoles (HTTP 500, not "
        "implemented): adopt.py's capture has no identity-pool-roles.json"),
    ]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Emulator:
    """moto's server on 127.0.0.1, stopped by PID."""

    def __init__(self, log_path):
        self.log_path = log_path
        self.proc = None
        self.port = None

    def start(self):
        server = pathlib.Path(sys.executable).parent / "moto_server"
        for _ in range(5):
            self.port = free_port()
            log = open(self.log_path, "ab")
            self.proc = subprocess.Popen(
                [str(server), "-H", "127.0.0.1", "-p", str(self.port)],
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
            deadline = time.time() + 30
            while time.time() < deadline and self.proc.poll() is None:
                try:
                    socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                    return self
                except OSError:
                    time.sleep(0.2)
            self.stop()
        raise RuntimeError(f"moto's server did not start (log: {self.log_path})")

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def stop(self):
        session.stop_process(self.proc)


class Aws:
    def __init__(self, url):
        self.url = url
        self.config = botocore.config.Config(retries={"max_attempts": 1})

    def client(self, service):
        return boto3.client(
            service,
            endpoint_url=self.url,
            region_name=REGION,
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
            config=self.config,
        )

    def reset(self):
        """Empties the emulator between examples (moto's reset API)."""
        import urllib.request

        urllib.request.urlopen(
            urllib.request.Request(f"{self.url}/moto-api/reset", method="POST"), timeout=30
        ).read()


class Suite:
    def __init__(self):
        self.passed = 0
        self.failed = []
        self.gaps = []
        self.probes = {}  # blind spot key -> [(where, holds), ...]
        self.times = {}  # example -> seconds on the emulator

    def probe(self, key, holds, where=""):
        self.probes.setdefault(key, []).append((where, bool(holds)))

    def record(self, where, name, ok, detail=""):
        if ok:
            self.passed += 1
            print(f"  ok   {name}" + (f" — {detail}" if detail else ""), flush=True)
        else:
            self.failed.append(f"{where}: {name}")
            print(f"  FAIL {name}\n{indent(detail)}", flush=True)

    def step(self, where, name, fn):
        try:
            detail = fn()
            self.record(where, name, True, detail or "")
            return True
        except Exception:
            self.record(where, name, False, traceback.format_exc())
            return False


def indent(text):
    return "\n".join("       " + line for line in str(text).strip().splitlines())


def examples():
    return sorted(p.name for p in (ROOT / "examples").iterdir() if (p / "cogform.yaml").is_file())


def environments(example):
    return sorted(
        p.name[: -len(".template.yaml")]
        for p in (ROOT / "examples" / example / "build").glob("*.template.yaml")
    )


def load_template(example, env):
    return yaml.safe_load((ROOT / "examples" / example / "build" / f"{env}.template.yaml").read_text())


def seed_secrets(aws, template_text):
    """The template's dynamic references resolve from the emulator's Secrets Manager, so the
    identity providers are created from the template's own properties."""
    found = {}
    for name, key in DYNAMIC.findall(template_text):
        found.setdefault(name, set()).add(key)
    sm = aws.client("secretsmanager")
    for name, keys in sorted(found.items()):
        value = {k: f"e2e-{k}" for k in sorted(k for k in keys if k)}
        sm.create_secret(Name=name, SecretString=json.dumps(value) if value else "e2e-secret")
    return len(found)


def run_cogform(cogform, example_dir, stack_file, out_file, env):
    r = subprocess.run(
        [cogform, "-C", str(example_dir), "outputs", "--stack-outputs", str(stack_file),
         "--env", env, "-o", str(out_file)],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
    )
    if r.returncode != 0:
        raise RuntimeError(f"cogform outputs exited {r.returncode}: {r.stderr}")
    return r.stderr.strip().splitlines()[-1]


def password():
    return "Pw-" + secrets.token_hex(6) + "-Aa9!"


def deploy_example(suite, aws, cogform, example, work):
    env = "dev" if "dev" in environments(example) else environments(example)[0]
    where = f"{example}/{env}"
    print(f"{example} (environment {env}):", flush=True)
    aws.reset()
    text = (ROOT / "examples" / example / "build" / f"{env}.template.yaml").read_text()
    template = yaml.safe_load(text)
    state = {}

    def deploy():
        seed_secrets(aws, text)
        d = Deployment(aws, f"{example}-{env}", template, ROOT / "examples" / example,
                       lambda line: print(line, flush=True))
        state["described"] = d.deploy()
        state["deployment"] = d
        for rid, rtype, prop, why in d.gaps:
            suite.gaps.append(f"{example}: {rid} ({rtype}) property {prop} not applied: {why}")
        stack_file = work / f"{example}.stack.json"
        stack_file.write_text(json.dumps(state["described"], default=str, indent=2))
        state["stack_file"] = stack_file
        n = len(template["Resources"])
        return f"{n} resources, {len(d.stacks)} stacks + appliers, {len(d.gaps)} properties not applied"

    if not suite.step(where, "deploy on the emulator (stacks + appliers)", deploy):
        return None
    out_file = work / f"{example}.amplify_outputs.json"

    def outputs():
        return run_cogform(cogform, ROOT / "examples" / example, state["stack_file"], out_file, env)

    if not suite.step(where, "cogform outputs on describe-stacks", outputs):
        return None
    generated = json.loads(out_file.read_text())
    d = state["deployment"]

    def ids_match():
        auth = generated["auth"]
        v = d.values
        assert auth["user_pool_id"] == v.refs["UserPool"], "user pool id"
        pool = aws.client("cognito-idp").describe_user_pool(UserPoolId=auth["user_pool_id"])
        assert pool["UserPool"]["Name"] == template["Resources"]["UserPool"]["Properties"]["UserPoolName"]
        client = aws.client("cognito-idp").describe_user_pool_client(
            UserPoolId=auth["user_pool_id"], ClientId=auth["user_pool_client_id"]
        )["UserPoolClient"]
        # The rule of `cogform outputs`: the first `web` client, else the first `native` one.
        clients = yaml.safe_load(
            (ROOT / "examples" / example / "backend" / "auth.yaml").read_text()
        ).get("clients", [{"name": "web"}])
        expected = next(
            (c["name"] for kind in ("web", "native") for c in clients if c.get("kind", "web") == kind),
            None,
        )
        assert client["ClientName"] == expected, (client["ClientName"], expected)
        assert not client.get("ClientSecret"), "the app client has a secret"
        if "identity_pool_id" in auth:
            ip = aws.client("cognito-identity").describe_identity_pool(
                IdentityPoolId=auth["identity_pool_id"]
            )
            providers = [p["ClientId"] for p in ip["CognitoIdentityProviders"]]
            assert auth["user_pool_client_id"] in providers, "identity pool trusts another client"
            assert ip["AllowUnauthenticatedIdentities"] == auth["unauthenticated_identities_enabled"]
        if "oauth" in auth:
            prefix = auth["oauth"]["domain"].split(".")[0]
            dom = aws.client("cognito-idp").describe_user_pool_domain(Domain=prefix)
            assert dom["DomainDescription"].get("UserPoolId") == auth["user_pool_id"], dom
        groups = aws.client("cognito-idp").list_groups(UserPoolId=auth["user_pool_id"])["Groups"]
        assert sorted((g["Precedence"], g["GroupName"]) for g in groups) == [
            (p, n) for g in auth["groups"] for n, p in [(k, v["precedence"]) for k, v in g.items()]
        ], "groups"
        for b in generated.get("storage", {}).get("buckets", []):
            aws.client("s3").head_bucket(Bucket=b["bucket_name"])
            policy = json.loads(aws.client("s3").get_bucket_policy(Bucket=b["bucket_name"])["Policy"])
            assert policy["Statement"], "bucket policy"
        responses_seen = 0
        for name, api in generated.get("custom", {}).get("API", {}).items():
            rest_id = re.match(r"https://([^.]+)\.execute-api\.", api["endpoint"]).group(1)
            stage = api["endpoint"].rsplit("/", 1)[1]
            aws.client("apigateway").get_stage(restApiId=rest_id, stageName=stage)
            assert api["apiName"] == name
            # API Gateway's own error responses carry the template's CORS headers.
            wanted = {
                r["Properties"]["ResponseType"]: r["Properties"]["ResponseParameters"]
                for r in template["Resources"].values()
                if r["Type"] == "AWS::ApiGateway::GatewayResponse"
                and d.values.refs.get(r["Properties"]["RestApiId"]["Ref"]) == rest_id
            }
            got = {
                g["responseType"]: g.get("responseParameters", {})
                for g in aws.client("apigateway").get_gateway_responses(restApiId=rest_id)["items"]
                if g["responseType"] in wanted
            }
            assert got == wanted, (got, wanted)
            responses_seen += len(wanted)
        assert responses_seen == sum(
            r["Type"] == "AWS::ApiGateway::GatewayResponse" for r in template["Resources"].values()
        ), "a gateway response of the template belongs to no API of the file"
        return ("pool, client, identity pool, domain, groups, buckets, API stages and gateway "
                "responses exist as the file says")

    suite.step(where, "the file's ids are the emulator's resources", ids_match)

    if functions.has_functions(ROOT / "examples" / example):
        functions.run(suite, where, aws, template, d, ROOT / "examples" / example, env, generated)

    servers = {rid: r["Properties"] for rid, r in template["Resources"].items()
               if r["Type"] == "AWS::Cognito::UserPoolResourceServer"}
    machines = {rid: r["Properties"] for rid, r in template["Resources"].items()
                if r["Type"] == "AWS::Cognito::UserPoolClient"
                and r["Properties"].get("AllowedOAuthFlows") == ["client_credentials"]}

    def machine_clients():
        # What the emulator can judge of machine-to-machine access: the resource servers and
        # each machine client as deployed (its token endpoint is a known gap).
        idp = aws.client("cognito-idp")
        pid = generated["auth"]["user_pool_id"]
        deployed = {s["Identifier"]: s for s in
                    idp.list_resource_servers(UserPoolId=pid, MaxResults=50)["ResourceServers"]}
        for props in servers.values():
            got = deployed.get(props["Identifier"])
            assert got, f"resource server {props['Identifier']} missing"
            assert sorted(x["ScopeName"] for x in got.get("Scopes", [])) == sorted(
                x["ScopeName"] for x in props["Scopes"]), got
        for rid, props in machines.items():
            client = idp.describe_user_pool_client(UserPoolId=pid, ClientId=d.values.refs[rid])[
                "UserPoolClient"]
            assert client.get("ClientSecret"), f"{rid} has no secret"
            assert client.get("AllowedOAuthFlows") == ["client_credentials"], client
            assert sorted(client.get("AllowedOAuthScopes", [])) == sorted(
                props["AllowedOAuthScopes"]), client
            assert client["ClientId"] not in [
                p["ClientId"] for p in aws.client("cognito-identity").describe_identity_pool(
                    IdentityPoolId=generated["auth"]["identity_pool_id"]
                )["CognitoIdentityProviders"]
            ] if "identity_pool_id" in generated["auth"] else True, "machine client in the identity pool"
        return f"{len(servers)} resource servers, {len(machines)} machine clients as the template says"

    if servers or machines:
        suite.step(where, "machine clients: resource servers, secrets, client-credentials grants",
                   machine_clients)

    auth = generated["auth"]
    user = {"email": f"alice+{example}@example.com", "password": password(), "group": None}
    user["username"] = user["email"]
    unconfirmed = {"username": f"bob+{example}@example.com", "password": password()}

    def users():
        idp = aws.client("cognito-idp")
        pid = auth["user_pool_id"]
        idp.admin_create_user(
            UserPoolId=pid,
            Username=user["username"],
            UserAttributes=[
                {"Name": "email", "Value": user["email"]},
                {"Name": "email_verified", "Value": "true"},
            ],
            MessageAction="SUPPRESS",
        )
        idp.admin_set_user_password(
            UserPoolId=pid, Username=user["username"], Password=user["password"], Permanent=True
        )
        if auth["groups"]:
            user["group"] = next(iter(auth["groups"][0]))
            idp.admin_add_user_to_group(UserPoolId=pid, Username=user["username"], GroupName=user["group"])
        idp.sign_up(
            ClientId=auth["user_pool_client_id"],
            Username=unconfirmed["username"],
            Password=unconfirmed["password"],
            UserAttributes=[{"Name": "email", "Value": unconfirmed["username"]}],
        )
        status = idp.admin_get_user(UserPoolId=pid, Username=unconfirmed["username"])["UserStatus"]
        assert status == "UNCONFIRMED", status
        return f"confirmed user in group {user['group']}, one unconfirmed user"

    if not suite.step(where, "users: confirmed (in the first group) and unconfirmed", users):
        return out_file
    probe_emulator(suite, aws, auth, user)
    plan = work / f"{example}.plan.json"
    plan.write_text(json.dumps({
        "outputs": str(out_file),
        "endpoint": aws.url,
        "user": user,
        "unconfirmed": unconfirmed,
    }))
    r = subprocess.run(
        ["node", str(E2E / "client.mjs"), str(plan)],
        capture_output=True, text=True, cwd=E2E, timeout=300,
    )
    seen = 0
    for line in r.stdout.splitlines():
        try:
            result = json.loads(line)
        except ValueError:
            continue
        if "probe" in result:
            suite.probe(result["probe"], result["holds"], where)
            continue
        seen += 1
        suite.record(where, result["step"], result["ok"], result["detail"])
    if r.returncode != 0 and seen == 0 or (r.returncode != 0 and all(
        not f.startswith(where) for f in suite.failed
    )):
        suite.record(where, "node client ran", False, r.stderr[-3000:])
    session.run(suite, where, cogform, example, env, state["stack_file"], aws, generated, user,
                unconfirmed, template, password_flow_allowed(example), work)
    return out_file


def password_flow_allowed(example):
    """Whether the app client (`cogform outputs`' rule) allows USER_PASSWORD_AUTH."""
    clients = yaml.safe_load(
        (ROOT / "examples" / example / "backend" / "auth.yaml").read_text()
    ).get("clients", [{"name": "web"}])
    app = next((c for kind in ("web", "native") for c in clients if c.get("kind", "web") == kind), {})
    return "password" in app.get("auth_flows", [])


def probe_emulator(suite, aws, auth, user):
    """Checks two blind spots with the service API (the client checks the SRP ones)."""
    idp = aws.client("cognito-idp")
    flows = idp.describe_user_pool_client(
        UserPoolId=auth["user_pool_id"], ClientId=auth["user_pool_client_id"]
    )["UserPoolClient"].get("ExplicitAuthFlows", [])
    if "ALLOW_USER_PASSWORD_AUTH" not in flows:
        try:
            idp.initiate_auth(
                ClientId=auth["user_pool_client_id"],
                AuthFlow="USER_PASSWORD_AUTH",
                AuthParameters={"USERNAME": user["username"], "PASSWORD": user["password"]},
            )
            suite.probe("auth-flows", True, auth["user_pool_id"])
        except Exception:
            suite.probe("auth-flows", False, auth["user_pool_id"])
    if auth.get("passwordless"):
        try:
            idp.initiate_auth(
                ClientId=auth["user_pool_client_id"],
                AuthFlow="USER_AUTH",
                AuthParameters={"USERNAME": user["username"], "PREFERRED_CHALLENGE": "PASSWORD",
                                "PASSWORD": user["password"]},
            )
            suite.probe("user-auth", False, auth["user_pool_id"])
        except Exception:
            suite.probe("user-auth", True, auth["user_pool_id"])
    if auth.get("identity_pool_id") and not auth["unauthenticated_identities_enabled"]:
        try:
            aws.client("cognito-identity").get_id(IdentityPoolId=auth["identity_pool_id"])
            suite.probe("guest-flag", True, auth["identity_pool_id"])
        except Exception:
            suite.probe("guest-flag", False, auth["identity_pool_id"])


def synthetic_stack(template):
    """describe-stacks of a stack deployed from `template`, with placeholder values."""
    outputs = [
        {"OutputKey": k, "OutputValue": REGION if k == "Region" else f"{k}-example"}
        for k in template["Outputs"]
    ]
    return {"Stacks": [{"StackName": "example", "Description": template["Description"],
                        "Outputs": outputs}]}


def typecheck(suite, cogform, files, work):
    """tsc --noEmit over every file, typed as the official AWSAmplifyBackendOutputs 1.4."""
    folder = E2E / ".typecheck"
    folder.mkdir(exist_ok=True)
    for pattern in ("*.ts", "*.mts", "*.json"):
        for old in folder.glob(pattern):
            old.unlink()
    names = []
    for label, path in files:
        name = re.sub(r"[^A-Za-z0-9]+", "_", label) + ".ts"
        body = json.dumps(json.loads(pathlib.Path(path).read_text()), indent=2)
        (folder / name).write_text(
            "// Generated by e2e/run.py: the file must type-check as the official type.\n"
            "import type { clientConfigTypesV1_4 } from '@aws-amplify/client-config';\n\n"
            f"export const outputs: clientConfigTypesV1_4.AWSAmplifyBackendOutputs = {body};\n"
        )
        names.append((label, name))
    # A control: a file with a key the format does not have must be refused, or the check
    # proves nothing.
    if files:
        wrong = json.loads(pathlib.Path(files[0][1]).read_text())
        wrong["auth"]["user_pool_owner"] = "nobody"
        (folder / "control_wrong_key.ts").write_text(
            "import type { clientConfigTypesV1_4 } from '@aws-amplify/client-config';\n\n"
            "export const outputs: clientConfigTypesV1_4.AWSAmplifyBackendOutputs = "
            f"{json.dumps(wrong, indent=2)};\n"
        )
    (folder / "tsconfig.json").write_text(json.dumps({
        "compilerOptions": {
            "strict": True, "noEmit": True, "module": "nodenext",
            "moduleResolution": "nodenext", "target": "es2022", "skipLibCheck": True,
            "types": [],
        },
        "include": ["*.ts"],
    }, indent=2))
    # The README's recipe as a Vite app compiles it: the JSON imported as is (its types widened
    # by TypeScript), passed to Amplify.configure, REST APIs from custom.API.
    apps = []
    for label, path in files:
        stem = re.sub(r"[^A-Za-z0-9]+", "_", label)
        data = json.loads(pathlib.Path(path).read_text())
        (folder / f"{stem}.json").write_text(json.dumps(data, indent=2))
        lines = [
            "// Generated by e2e/run.py: the README's React/Vite recipe.",
            "import { Amplify } from 'aws-amplify';",
            f"import outputs from './{stem}.json';",
            "",
            "Amplify.configure(outputs);",
        ]
        if "custom" in data:
            lines += [
                "const config = Amplify.getConfig();",
                "Amplify.configure({ ...config, API: { ...config.API, REST: outputs.custom.API } });",
            ]
        (folder / f"{stem}_app.mts").write_text("\n".join(lines) + "\n")
        apps.append((label, f"{stem}_app.mts"))
    (folder / "tsconfig.app.json").write_text(json.dumps({
        "compilerOptions": {
            "strict": True, "noEmit": True, "module": "esnext", "moduleResolution": "bundler",
            "resolveJsonModule": True, "target": "es2022", "skipLibCheck": True, "types": [],
            "lib": ["es2022", "dom"],
        },
        "include": ["*_app.mts"],
    }, indent=2))
    tsc = E2E / "node_modules" / ".bin" / "tsc"
    r = subprocess.run([str(tsc), "-p", str(folder / "tsconfig.json")],
                       capture_output=True, text=True, cwd=E2E)
    app = subprocess.run([str(tsc), "-p", str(folder / "tsconfig.app.json")],
                         capture_output=True, text=True, cwd=E2E)
    errors = r.stdout + r.stderr
    version = subprocess.run([str(tsc), "--version"], capture_output=True, text=True).stdout.strip()
    print(f"type-check ({version}, @aws-amplify/client-config "
          f"{json.loads((E2E / 'node_modules/@aws-amplify/client-config/package.json').read_text())['version']}):")
    for label, name in names:
        mine = [line for line in errors.splitlines() if name in line]
        suite.record("typecheck", f"tsc --noEmit: {label}", not mine, "\n".join(mine))
    app_errors = app.stdout + app.stderr
    for label, name in apps:
        mine = [line for line in app_errors.splitlines() if name in line]
        suite.record("typecheck", f"README recipe (Amplify.configure, JSON import): {label}",
                     not mine, "\n".join(mine))
    if app.returncode != 0 and not any(name in app_errors for _, name in apps):
        suite.record("typecheck", "tsc ran on the README recipe", False, app_errors[-3000:])
    if files:
        suite.record("typecheck", "tsc refuses a control file with a key the format lacks",
                     "control_wrong_key.ts" in errors and "user_pool_owner" in errors, errors[-2000:])
    if r.returncode != 0 and not any(name in errors for _, name in names + [("", "control_wrong_key.ts")]):
        suite.record("typecheck", "tsc ran", False, errors[-3000:])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cogform", required=True)
    parser.add_argument("--keep", help="directory where the generated files are kept")
    parser.add_argument("--only", action="append",
                        help="run only this example (repeatable; for development)")
    args = parser.parse_args()
    moto = importlib.metadata.version("moto")
    suite = Suite()
    started = time.time()
    with tempfile.TemporaryDirectory() as tmp:
        work = pathlib.Path(args.keep) if args.keep else pathlib.Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        files = []
        # Every example and environment, from a synthetic stack: the file type-checks.
        for example in examples():
            for env in environments(example):
                stack = work / f"{example}.{env}.synthetic.json"
                stack.write_text(json.dumps(synthetic_stack(load_template(example, env))))
                out = work / f"{example}.{env}.synthetic.amplify_outputs.json"
                try:
                    run_cogform(args.cogform, ROOT / "examples" / example, stack, out, env)
                    files.append((f"{example} {env} (synthetic stack)", out))
                except Exception:
                    suite.record(example, f"cogform outputs ({env}, synthetic stack)", False,
                                 traceback.format_exc())
        # The SRP vectors src/session/srp.rs is tested with are still what the independent
        # implementation (amazon-cognito-identity-js) computes.
        vectors = subprocess.run(
            ["node", str(E2E / "srp_vectors.mjs"), "--check",
             str(ROOT / "tests" / "fixtures" / "srp-vectors.json")],
            capture_output=True, text=True, cwd=E2E, timeout=120,
        )
        suite.record("srp", "SRP vectors = amazon-cognito-identity-js (fixed randomness)",
                     vectors.returncode == 0, (vectors.stdout + vectors.stderr).strip())
        emulator = Emulator(work / "moto.log")
        print(f"moto {moto} server (moto[server], pinned in e2e/requirements.txt):", flush=True)
        try:
            emulator.start()
            print(f"  started on {emulator.url}, pid {emulator.proc.pid}", flush=True)
            aws = Aws(emulator.url)
            for example in [e for e in examples() if not args.only or e in args.only]:
                begun = time.time()
                out = deploy_example(suite, aws, args.cogform, example, work)
                suite.times[example] = time.time() - begun
                if out is not None and out.exists():
                    files.append((f"{example} (deployed on moto)", out))
            if not args.only or "adopt" in args.only:
                # Issue 13: live resources made by API, described, imported, compared.
                begun = time.time()
                adopt.run(suite, aws, args.cogform, work, suite.probe)
                suite.times["adopt"] = time.time() - begun
        except Exception:
            suite.record("moto", "the emulator runs the suite", False, traceback.format_exc())
        finally:
            emulator.stop()
        typecheck(suite, args.cogform, files, work)
    spots = blind_spots(moto)
    print(f"known gaps (the emulator's blind spots, moto {moto}):")
    for key, text in spots:
        seen = [holds for _, holds in suite.probes.get(key, [])]
        note = ""
        if key and seen and all(seen):
            note = f" [observed in this run, {len(seen)}x]"
        elif key and not seen:
            note = " [not probed in this run]"
        print(f"  - {text}{note}")
        if key and seen and not all(seen):
            suite.record("blind spots", f"blind spot `{key}` still holds on moto {moto}", False,
                         "the emulator now judges this (not observed in "
                         f"{[w for w, h in suite.probes[key] if not h]}): update blind_spots() "
                         "and the steps that work around it")
    if suite.gaps:
        print("known gaps (template properties the appliers could not apply on the emulator):")
        for g in suite.gaps:
            print(f"  - {g}")
    if suite.failed:
        print("failed steps:")
        for f in suite.failed:
            print(f"  - {f}")
    print(f"e2e time: {time.time() - started:.0f} s ("
          + ", ".join(f"{e} {t:.0f} s" for e, t in suite.times.items()) + " on the emulator)")
    print(
        f"e2e: {len(examples())} examples, {suite.passed} steps passed, "
        f"{len(spots) + len(suite.gaps)} known gaps"
        + (f", {len(suite.failed)} steps failed" if suite.failed else "")
    )
    return 1 if suite.failed else 0


if __name__ == "__main__":
    sys.exit(main())
