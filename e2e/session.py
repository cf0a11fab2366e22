"""The developer's loop after deploy, on the emulator: `cogform login` (SRP, password,
NEW_PASSWORD_REQUIRED, a TOTP challenge, refusals), `credentials` in every format (the process
format through a real AWS CLI profile), `token`, `call` against a server that judges every
SigV4 signature with botocore, the ended-session message, and `logout`.

Called by run.py for every deployed example; each step is one line of the suite.
"""

import json
import os
import pathlib
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
import time

import yaml

E2E = pathlib.Path(__file__).resolve().parent
ROOT = E2E.parent


class Cogform:
    """Runs cogform's session commands against one deployment, with a private cache."""

    def __init__(self, binary, example_dir, stack_file, env, endpoint, cache):
        self.binary = binary
        self.example_dir = example_dir
        self.stack_file = stack_file
        self.env = env
        self.endpoint = endpoint
        self.cache = cache

    def ids(self):
        return ["--stack-outputs", str(self.stack_file), "--env", self.env,
                "--endpoint-url", self.endpoint]

    def run(self, *args, stdin=None, extra_env=None, stack_file=None):
        env = {k: v for k, v in os.environ.items()
               if not k.startswith("COGFORM_") and not k.startswith("AWS_ENDPOINT_URL")}
        env.update({"NO_COLOR": "1", "COGFORM_CACHE_DIR": str(self.cache)})
        env.update(extra_env or {})
        ids = self.ids()
        if stack_file:
            ids[1] = str(stack_file)
        command, rest = args[0], list(args[1:])
        return subprocess.run(
            [self.binary, "-C", str(self.example_dir), command, *ids, *rest],
            input=stdin, capture_output=True, text=True, env=env, timeout=120,
        )

    def session_file(self, pool, client, user):
        return self.cache / "sessions" / pool / client / f"{user}.json"


def expect(r, code, *needles, absent=()):
    text = r.stdout + r.stderr
    assert r.returncode == code, f"exit {r.returncode}, wanted {code}:\n{text}"
    for n in needles:
        assert n in text, f"{n!r} not in:\n{text}"
    for n in absent:
        assert n not in text, f"{n!r} printed:\n{text}"
    return r


def private(path):
    mode = stat.S_IMODE(path.stat().st_mode)
    assert mode == 0o600, f"{path} has mode {oct(mode)}"
    for parent in path.parents:
        if parent == path.parents[3]:
            break
        assert stat.S_IMODE(parent.stat().st_mode) == 0o700, f"{parent} is not 0700"


class Judge:
    """e2e/sigv4_server.py on 127.0.0.1, stopped by its PID."""

    def __init__(self, keys, work):
        self.keys_file = work / "sigv4-keys.json"
        self.keys_file.write_text(json.dumps(keys))
        self.port_file = work / "sigv4-port"
        if self.port_file.exists():
            self.port_file.unlink()
        self.proc = subprocess.Popen(
            [sys.executable, str(E2E / "sigv4_server.py"), "--port-file", str(self.port_file),
             "--keys", str(self.keys_file)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
        )
        deadline = time.time() + 20
        while time.time() < deadline:
            if self.port_file.exists() and self.port_file.read_text().strip():
                self.port = int(self.port_file.read_text())
                try:
                    socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                    return
                except OSError:
                    pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError("the SigV4 judge did not start")

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def stop(self):
        stop_process(self.proc)


def stop_process(proc):
    """Stops a server the suite started, by its PID: terminate, then kill after 10 s."""
    if proc and proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def run(suite, where, cogform_binary, example, env, stack_file, aws, generated, user,
        unconfirmed, template, password_flow_allowed, work):
    auth = generated["auth"]
    pool, client = auth["user_pool_id"], auth["user_pool_client_id"]
    cache = pathlib.Path(tempfile.mkdtemp(prefix=f"cogform-cache-{example}-", dir=work))
    cf = Cogform(cogform_binary, ROOT / "examples" / example, stack_file, env, aws.url, cache)
    name, pw = user["username"], user["password"]
    idp = aws.client("cognito-idp")
    state = {}

    def login_srp():
        r = expect(cf.run("login", "--user", name, extra_env={"COGFORM_PASSWORD": pw}), 0,
                   f"signed in as `{name}` (USER_SRP_AUTH)", absent=(pw,))
        path = cf.session_file(pool, client, name)
        assert path.is_file(), path
        private(path)
        session = json.loads(path.read_text())
        assert session["id_token"] not in r.stdout + r.stderr, "a token was printed"
        assert not str(path.resolve()).startswith(str(ROOT.resolve()) + "/examples"), path
        state["session"] = session
        return f"SRP sign-in, tokens in the cache (0600, folders 0700), nothing secret printed"

    if not suite.step(where, "login: USER_SRP_AUTH, password from COGFORM_PASSWORD", login_srp):
        return

    suite.step(where, "login: password on standard input (--password-stdin)", lambda: expect(
        cf.run("login", "--user", name, "--password-stdin", stdin=pw + "\n"), 0,
        "USER_SRP_AUTH", absent=(pw,)) and "the first line of stdin is the password")

    def refusals():
        fresh = cf.cache / "refusals"
        other = Cogform(cf.binary, cf.example_dir, cf.stack_file, cf.env, cf.endpoint, fresh)
        expect(other.run("login", "--user", f"nobody+{example}@example.com",
                         extra_env={"COGFORM_PASSWORD": "Whatever-123!"}), 2, "cannot sign in")
        expect(other.run("login", "--user", unconfirmed["username"],
                         extra_env={"COGFORM_PASSWORD": unconfirmed["password"]}), 2,
               "has not confirmed")
        expect(other.run("login", "--user", name), 2, "there is no terminal to ask",
               "--password-stdin", "COGFORM_PASSWORD")
        if not password_flow_allowed:
            expect(other.run("login", "--user", name, "--password-auth",
                             extra_env={"COGFORM_PASSWORD": pw}), 2,
                   "does not allow USER_PASSWORD_AUTH")
        left = [p for p in fresh.rglob("*.json")] if fresh.exists() else []
        assert not left, f"token files after failed sign-ins: {left}"
        return ("unknown user, unconfirmed user, no password source"
                + ("" if password_flow_allowed else ", --password-auth on a client without it")
                + ": exit 2, no token file")

    suite.step(where, "login refusals: exit 2 and no token file", refusals)

    def password_flow():
        # The examples' app clients allow SRP only (a client allowing `password` is warned
        # about), so the password flow signs in from a copy of the project whose app client
        # allows it. The deployed client does not: moto ignores ExplicitAuthFlows (blind spot
        # `auth-flows`); on AWS the stack would be deployed from that copy.
        copy = work / f"{example}-password-flow"
        if copy.exists():
            shutil.rmtree(copy)
        shutil.copytree(cf.example_dir, copy, ignore=shutil.ignore_patterns("build", ".cogform"))
        auth_file = copy / "backend" / "auth.yaml"
        doc = yaml.safe_load(auth_file.read_text())
        clients = doc.get("clients") or [{"name": "web"}]
        app = next(c for kind in ("web", "native") for c in clients if c.get("kind", "web") == kind)
        app["auth_flows"] = sorted(set(app.get("auth_flows", ["srp", "refresh"])) | {"password"})
        doc["clients"] = clients
        auth_file.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True))
        copied = Cogform(cf.binary, copy, cf.stack_file, cf.env, cf.endpoint, cf.cache / "password-flow")
        expect(copied.run("login", "--user", name, "--password-auth",
                          extra_env={"COGFORM_PASSWORD": pw + "-wrong"}), 2, "cannot sign in",
               absent=(pw,))
        assert not list((cf.cache / "password-flow").rglob("*.json")), "token file after a refusal"
        expect(copied.run("login", "--user", name, "--password-auth",
                          extra_env={"COGFORM_PASSWORD": pw}), 0, "(USER_PASSWORD_AUTH)")
        return "wrong password refused (exit 2, no token file), right one signed in"

    suite.step(where, "login --password-auth (USER_PASSWORD_AUTH, client allowing it)", password_flow)

    def new_password():
        temp_user = f"carol+{example}@example.com"
        temp, final = "Temp-" + pw, "Final-" + pw
        idp.admin_create_user(UserPoolId=pool, Username=temp_user, TemporaryPassword=temp,
                              UserAttributes=[{"Name": "email", "Value": temp_user},
                                              {"Name": "email_verified", "Value": "true"}],
                              MessageAction="SUPPRESS")
        expect(cf.run("login", "--user", temp_user,
                      extra_env={"COGFORM_PASSWORD": temp, "COGFORM_NEW_PASSWORD": final}), 0,
               "signed in", absent=(temp, final))
        status = idp.admin_get_user(UserPoolId=pool, Username=temp_user)["UserStatus"]
        assert status == "CONFIRMED", status
        state["no_group_user"] = temp_user
        return "administrator-created user: NEW_PASSWORD_REQUIRED answered, user CONFIRMED"

    suite.step(where, "login: NEW_PASSWORD_REQUIRED (COGFORM_NEW_PASSWORD)", new_password)

    def totp_step():
        mfa_user = f"dave+{example}@example.com"
        idp.admin_create_user(UserPoolId=pool, Username=mfa_user, MessageAction="SUPPRESS",
                              UserAttributes=[{"Name": "email", "Value": mfa_user}])
        idp.admin_set_user_password(UserPoolId=pool, Username=mfa_user, Password=pw, Permanent=True)
        tokens = idp.admin_initiate_auth(UserPoolId=pool, ClientId=client,
                                         AuthFlow="ADMIN_NO_SRP_AUTH",
                                         AuthParameters={"USERNAME": mfa_user, "PASSWORD": pw})
        access = tokens["AuthenticationResult"]["AccessToken"]
        idp.associate_software_token(AccessToken=access)
        idp.verify_software_token(AccessToken=access, UserCode="123456")
        idp.admin_set_user_mfa_preference(UserPoolId=pool, Username=mfa_user,
                                          SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True})
        # No code source: refused, naming the question.
        expect(cf.run("login", "--user", mfa_user, extra_env={"COGFORM_PASSWORD": pw}), 2,
               "Code from your authenticator app")
        # The password and the code on standard input, one line each.
        expect(cf.run("login", "--user", mfa_user, "--password-stdin", stdin=f"{pw}\n123456\n"), 0,
               "signed in")
        return "SOFTWARE_TOKEN_MFA answered from standard input; refused without a code source"

    suite.step(where, "login: SOFTWARE_TOKEN_MFA challenge", totp_step)

    def sms_step():
        sms_user = f"erin+{example}@example.com"
        idp.admin_create_user(UserPoolId=pool, Username=sms_user, MessageAction="SUPPRESS",
                              UserAttributes=[{"Name": "email", "Value": sms_user},
                                              {"Name": "phone_number", "Value": "+15555550100"},
                                              {"Name": "phone_number_verified", "Value": "true"}])
        idp.admin_set_user_password(UserPoolId=pool, Username=sms_user, Password=pw, Permanent=True)
        idp.admin_set_user_mfa_preference(UserPoolId=pool, Username=sms_user,
                                          SMSMfaSettings={"Enabled": True, "PreferredMfa": True})
        expect(cf.run("login", "--user", sms_user,
                      extra_env={"COGFORM_PASSWORD": pw, "COGFORM_MFA_CODE": "654321"}), 0,
               "signed in", absent=("654321",))
        return "SMS_MFA answered from COGFORM_MFA_CODE"

    suite.step(where, "login: SMS_MFA challenge", sms_step)

    # Back to the main user as the current one.
    expect(cf.run("login", "--user", name, extra_env={"COGFORM_PASSWORD": pw}), 0)

    def token():
        r = expect(cf.run("token", "id"), 0)
        session = json.loads(cf.session_file(pool, client, name).read_text())
        assert r.stdout.strip() == session["id_token"], "token id is not the cached id token"
        r = expect(cf.run("token", "access"), 0)
        assert r.stdout.strip() == session["access_token"]
        return "id and access tokens of the current user"

    suite.step(where, "token id / token access", token)

    if "identity_pool_id" not in auth:
        suite.step(where, "credentials without an identity pool: a clear refusal", lambda: expect(
            cf.run("credentials"), 2, "no identity pool") and "exit 2")
        logout_steps(suite, where, cf, idp, pool, client, name, pw)
        return

    def credentials():
        r = expect(cf.run("credentials"), 0, "identity id:", "role:", "access key id:")
        state["summary"] = r.stdout
        r = expect(cf.run("credentials", "--format", "json"), 0)
        doc = json.loads(r.stdout)
        for k in ("IdentityId", "AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration"):
            assert doc.get(k), k
        assert doc["IdentityId"].startswith(auth["aws_region"] + ":"), doc["IdentityId"]
        assert doc["SecretAccessKey"] not in state["summary"], "summary printed the secret key"
        state["creds"] = doc
        r = expect(cf.run("credentials", "--format", "env"), 0,
                   "export AWS_ACCESS_KEY_ID=", "export AWS_SECRET_ACCESS_KEY=",
                   "export AWS_SESSION_TOKEN=")
        r = expect(cf.run("credentials", "--format", "process"), 0)
        proc = json.loads(r.stdout)
        assert proc["Version"] == 1 and proc["AccessKeyId"] == doc["AccessKeyId"], proc
        assert proc["Expiration"].endswith("Z"), proc
        assert r.stderr == "", f"process format wrote to stderr: {r.stderr}"
        session = json.loads(cf.session_file(pool, client, name).read_text())
        assert session["identity"]["identity_id"] == doc["IdentityId"], "identity not cached"
        return f"summary (no secret), json, env, process; identity {doc['IdentityId']}"

    if not suite.step(where, "credentials: summary, json, env, process", credentials):
        return

    def guests():
        if auth.get("unauthenticated_identities_enabled"):
            r = expect(cf.run("credentials", "--guest", "--format", "json"), 0)
            doc = json.loads(r.stdout)
            assert doc["IdentityId"] and doc["SecretAccessKey"], doc
            return "guest credentials (GetId without a login)"
        expect(cf.run("credentials", "--guest"), 2, "does not give guests credentials")
        return "guests off: refused before any call (exit 2)"

    suite.step(where, "credentials --guest", guests)

    buckets = generated.get("storage", {}).get("buckets", [])
    if buckets:
        aws_cli_steps(suite, where, cf, buckets[0]["bucket_name"], state, work)
    if generated.get("custom", {}).get("API"):
        call_steps(suite, where, cf, generated, template, state, work, name)
    ended_session(suite, where, cf, idp, pool, client, name, pw)
    logout_steps(suite, where, cf, idp, pool, client, name, pw)


def aws_cli(args, config, extra_env=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update({"AWS_CONFIG_FILE": str(config), "AWS_SHARED_CREDENTIALS_FILE": str(config) + ".none",
                "AWS_EC2_METADATA_DISABLED": "true"})
    env.update(extra_env or {})
    aws = pathlib.Path(sys.executable).parent / "aws"
    return subprocess.run([str(aws), *args], capture_output=True, text=True, env=env, timeout=120)


def aws_cli_steps(suite, where, cf, bucket, state, work):
    config = work / f"aws-config-{cf.example_dir.name}"
    process = " ".join([cf.binary, "-C", str(cf.example_dir), "credentials", *cf.ids(),
                        "--format", "process"])
    config.write_text(
        "[profile e2e-user]\n"
        f"credential_process = {process}\n"
        "region = us-east-1\n"
        "[profile e2e-wrong]\n"
        "aws_access_key_id = TESTACCESSKEY12345\n"
        "aws_secret_access_key = not-the-secret\n"
        "region = us-east-1\n"
    )
    identity = state["creds"]["IdentityId"]

    def against_moto():
        env = {"COGFORM_CACHE_DIR": str(cf.cache)}
        r = aws_cli(["--profile", "e2e-user", "--endpoint-url", cf.endpoint, "s3", "ls",
                     f"s3://{bucket}/private/{identity}/"], config, env)
        assert r.returncode in (0, 1) and "rror" not in r.stderr, r.stderr
        r = aws_cli(["--profile", "e2e-user", "--endpoint-url", cf.endpoint, "sts",
                     "get-caller-identity"], config, env)
        assert r.returncode == 0, r.stderr
        return "aws --profile (credential_process = cogform credentials --format process) lists private/<identity id>/"

    suite.step(where, "AWS CLI profile with credential_process, on moto's S3", against_moto)

    def against_judge():
        keys = {state["creds"]["AccessKeyId"]: state["creds"]["SecretAccessKey"]}
        judge = Judge(keys, work)
        try:
            env = {"COGFORM_CACHE_DIR": str(cf.cache)}
            r = aws_cli(["--profile", "e2e-user", "--endpoint-url", judge.url, "s3api",
                         "list-objects-v2", "--bucket", bucket, "--prefix", f"private/{identity}/"],
                        config, env)
            assert r.returncode == 0, r.stderr
            # Control: the same call with another secret is refused by the judge.
            r = aws_cli(["--profile", "e2e-wrong", "--endpoint-url", judge.url, "s3api",
                         "list-objects-v2", "--bucket", bucket], config)
            assert r.returncode != 0 and "403" in r.stderr + r.stdout, (r.returncode, r.stderr)
        finally:
            judge.stop()
        return "the AWS CLI signed with exactly the process credentials (botocore judge); a wrong secret is refused"

    suite.step(where, "AWS CLI profile signs with cogform's credentials (judged)", against_judge)


def call_steps(suite, where, cf, generated, template, state, work, name):
    api_name, api = next(iter(generated["custom"]["API"].items()))
    keys = {state["creds"]["AccessKeyId"]: state["creds"]["SecretAccessKey"]}
    judge = Judge(keys, work)
    try:
        stack = json.loads(cf.stack_file.read_text())
        key = next(k for k in template["Outputs"] if k.lower() == f"api{api_name}url".lower())
        stage = api["endpoint"].rsplit("/", 1)[1]
        for o in stack["Stacks"][0]["Outputs"]:
            if o["OutputKey"] == key:
                o["OutputValue"] = f"{judge.url}/{stage}"
        judged = work / f"{cf.example_dir.name}.judged-stack.json"
        judged.write_text(json.dumps(stack))
        routes = routes_of(cf.example_dir, api_name)
        session = json.loads(cf.session_file(
            generated["auth"]["user_pool_id"], generated["auth"]["user_pool_client_id"], name).read_text())

        def call(*args, code=0, extra_env=None):
            r = cf.run("call", *args, "--api", api_name, stack_file=judged, extra_env=extra_env)
            assert r.returncode == code, f"exit {r.returncode}: {r.stdout}{r.stderr}"
            return r, (json.loads(r.stdout) if r.stdout.strip().startswith("{") else None)

        def iam_calls():
            done = []
            for method, path in routes:
                if routes[(method, path)]["auth"] != "iam":
                    continue
                concrete = path.replace("{id}", "ünï code").replace("{proxy+}", "a/b")
                verb = "GET" if method == "ANY" else method
                args = [verb, concrete + "?tag=café&size=a b&empty="]
                if verb in ("POST", "PUT", "PATCH"):
                    args += ["--data", json.dumps({"title": "Été 🌞", "q": "a&b=c"}, ensure_ascii=False)]
                r, echo = call(*args)
                assert echo["signed"] and echo["verified"], echo
                assert ["tag", "café"] in echo["query"] and ["size", "a b"] in echo["query"], echo
                if verb in ("POST", "PUT", "PATCH"):
                    assert json.loads(echo["body"])["title"] == "Été 🌞", echo
                done.append(f"{verb} {path}")
            assert done, "no IAM route"
            return "signature verified by botocore: " + ", ".join(done)

        suite.step(where, "call: IAM routes signed (query, unicode path and body)", iam_calls)

        def token_calls():
            done = []
            for (method, path), spec in routes.items():
                if spec["auth"] not in ("cognito_id_token", "cognito_access_token"):
                    continue
                verb = "DELETE" if method == "ANY" else method
                concrete = path.replace("{proxy+}", "x/y").replace("{id}", "7")
                r, echo = call(verb, concrete)
                want = session["id_token"] if spec["auth"] == "cognito_id_token" else session["access_token"]
                assert echo["authorization"] == want, "the wrong token was sent"
                assert not echo["signed"]
                done.append(f"{verb} {path} ({spec['auth']})")
            return ", ".join(done) or "no token route"

        suite.step(where, "call: Cognito routes carry the id or access token", token_calls)

        def refusal():
            iam = [(m, p) for (m, p), s in routes.items() if s["auth"] == "iam"]
            group_only = [(m, p) for (m, p) in iam
                          if not {"authenticated", "guest"} & set(routes[(m, p)].get("allow", []))]
            method, path = (group_only or iam)[0]
            user = state.get("no_group_user")
            args = [method, path.replace("{id}", "1"), "--header", "x-e2e-refuse: 1"]
            if user:
                args += ["--user", user]
            r, _ = call(*args, code=2)
            text = r.stderr
            assert "HTTP 403" in text and "why:" in text and path in text, text
            assert "help:" in text, text
            return text.strip().splitlines()[-1][:160]

        suite.step(where, "call: a 403 is explained in the project's terms", refusal)

        def guest_and_curl():
            out = []
            if generated["auth"].get("unauthenticated_identities_enabled"):
                method, path = next((m, p) for (m, p), s in routes.items()
                                    if s["auth"] == "iam" and "guest" in s.get("allow", []))
                r, echo = call(method, path.replace("{id}", "1"), "--guest")
                assert echo["verified"], echo
                out.append("guest call signed")
            # An IAM route with the method it has (POST where it takes any), a body where the
            # method takes one.
            method, path = next((m, p) for (m, p) in routes if routes[(m, p)]["auth"] == "iam")
            verb = "POST" if method == "ANY" else method
            body = ["--data", "{}"] if verb in ("POST", "PUT", "PATCH") else []
            r, _ = call(verb, path.replace("{id}", "1").replace("{proxy+}", "a/b"), *body,
                        "--print-curl")
            assert "--aws-sigv4" in r.stdout and state["creds"]["SecretAccessKey"] not in r.stdout, r.stdout
            r, _ = call("GET", "/no/such/route", code=2)
            assert "no route of API" in r.stderr, r.stderr
            out += ["--print-curl without secrets", "unknown route: exit 2"]
            return ", ".join(out)

        suite.step(where, "call: guest, --print-curl, unknown route", guest_and_curl)

        def control():
            import urllib.request
            from botocore.auth import SigV4Auth
            from botocore.awsrequest import AWSRequest
            from botocore.credentials import Credentials
            url = f"{judge.url}/{stage}/photos"
            refused = 0
            for secret, tamper in (("wrong-secret", False), (state["creds"]["SecretAccessKey"], True)):
                req = AWSRequest(method="POST", url=url, data=b'{"a":1}',
                                 headers={"content-type": "application/json"})
                SigV4Auth(Credentials(state["creds"]["AccessKeyId"], secret,
                                      state["creds"]["SessionToken"]), "execute-api", "us-east-1").add_auth(req)
                body = b'{"a":2}' if tamper else req.body
                http = urllib.request.Request(url, data=body, method="POST", headers=dict(req.headers))
                try:
                    urllib.request.urlopen(http, timeout=10)
                except urllib.error.HTTPError as e:
                    refused += e.code == 403
            assert refused == 2, f"the judge accepted a bad signature ({refused}/2 refused)"
            return "a wrong secret and a body changed after signing are both refused (403)"

        suite.step(where, "SigV4 judge control: refuses bad signatures", control)
    finally:
        judge.stop()


def routes_of(example_dir, api_name):
    import yaml
    doc = yaml.safe_load((example_dir / "backend" / "api" / f"{api_name}.yaml").read_text())
    out = {}
    for path, methods in doc["paths"].items():
        for method, spec in methods.items():
            out[(method, path)] = {"auth": spec.get("auth", "iam"), "allow": spec.get("allow", [])}
    return out


def ended_session(suite, where, cf, idp, pool, client, name, pw):
    def refreshed():
        path = cf.session_file(pool, client, name)
        session = json.loads(path.read_text())
        session["expires_at"] = 0
        path.write_text(json.dumps(session))
        r = expect(cf.run("token", "id"), 0)
        after = json.loads(path.read_text())
        assert after["expires_at"] > time.time() + 300, after["expires_at"]
        assert r.stdout.strip() == after["id_token"], "token printed is not the refreshed one"
        assert after["refresh_token"] == session["refresh_token"], "the refresh token changed"
        private(path)
        return "expired tokens renewed with REFRESH_TOKEN_AUTH; the file stays 0600"

    suite.step(where, "an expired session is refreshed", refreshed)

    def ended():
        path = cf.session_file(pool, client, name)
        session = json.loads(path.read_text())
        # Signed out everywhere from another device: this session's refresh token is revoked.
        idp.global_sign_out(AccessToken=session["access_token"])
        session["expires_at"] = 0
        session.pop("identity", None)
        path.write_text(json.dumps(session))
        expect(cf.run("credentials"), 2, f"the session of `{name}` has ended",
               f"run `cogform login --user {name}` again")
        assert not path.exists(), "the ended session was kept"
        return "revoked refresh token: exit 2 with the login hint, cached tokens removed"

    suite.step(where, "a revoked refresh token: `run cogform login`", ended)


def logout_steps(suite, where, cf, idp, pool, client, name, pw):
    def logout():
        expect(cf.run("login", "--user", name, extra_env={"COGFORM_PASSWORD": pw}), 0)
        r = cf.run("logout")
        path = cf.session_file(pool, client, name)
        assert not path.exists(), "logout left the tokens"
        # moto has no RevokeToken: the local tokens go, and the command says the token was
        # not revoked (exit 4); with RevokeToken it exits 0.
        suite.probe("revoke-token", r.returncode == 4 and "did not confirm" in r.stderr, where)
        assert r.returncode in (0, 4), r.stderr
        expect(cf.run("login", "--user", name, extra_env={"COGFORM_PASSWORD": pw}), 0)
        session = json.loads(path.read_text())
        expect(cf.run("logout", "--everywhere"), 0, "signed out of every device")
        assert not path.exists()
        # The refresh token of that session no longer works.
        try:
            idp.initiate_auth(ClientId=client, AuthFlow="REFRESH_TOKEN_AUTH",
                              AuthParameters={"REFRESH_TOKEN": session["refresh_token"]})
            raise AssertionError("the refresh token still works after logout --everywhere")
        except idp.exceptions.NotAuthorizedException:
            pass
        expect(cf.run("credentials"), 2, "no user is signed in")
        return "logout removes the tokens; --everywhere signs out (refresh token refused after)"

    suite.step(where, "logout and logout --everywhere", logout)
