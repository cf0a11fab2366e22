"""Project functions (backend/functions/*.yaml) as deployed on the emulator.

Each step asserts, through the service APIs, what the template promised and what the project's
files mean: each function's runtime, handler, timeout, memory, role and exact environment; its
execution role's access policy with the deployed pool and bucket ARNs; the bucket notification
and the user pool trigger that call a function, each matched by a Lambda permission for its
caller; the API route's integration; the dead-letter queue. A control runs the same checks
against wrong expectations, which must be refused. What the emulator cannot run (the functions
themselves) is probed and reported as blind spots by run.py.
"""

import ast
import copy
import json
import pathlib
import secrets
import time

import yaml

ACCOUNT = "123456789012"
REGION = "us-east-1"
EVENTS = {"upload": "s3:ObjectCreated:*", "delete": "s3:ObjectRemoved:*"}


def on(trigger):
    """A storage trigger's `on:` (PyYAML reads the key `on` as YAML 1.1's boolean true)."""
    return trigger["on"] if "on" in trigger else trigger[True]


def has_functions(example_dir):
    return any((pathlib.Path(example_dir) / "backend" / "functions").glob("*.yaml"))


def of_type(template, kind):
    return {rid: r for rid, r in template["Resources"].items() if r["Type"] == kind}


def as_list(v):
    return v if isinstance(v, list) else [v]


def document(raw):
    """A policy document as IAM returns it (moto: JSON, or a Python repr for a role's
    `Policies` created by its CloudFormation)."""
    if isinstance(raw, dict):
        return raw
    try:
        return json.loads(raw)
    except ValueError:
        return ast.literal_eval(raw)


def normal(doc):
    """A policy document with Action and Resource always lists, statements by Sid."""
    out = []
    for s in doc["Statement"]:
        s = dict(s)
        for k in ("Action", "Resource"):
            if k in s:
                s[k] = sorted(as_list(s[k]))
        out.append(s)
    return sorted(out, key=lambda s: s.get("Sid", ""))


# Checks: each compares what the emulator holds with an expectation and raises AssertionError;
# the control calls them again with wrong expectations.

def check_function(config, expected):
    for key, default in (("Runtime", None), ("Handler", None), ("Timeout", 3), ("MemorySize", 128)):
        assert config[key] == expected.get(key, default), (key, config[key], expected.get(key))
    assert config["Role"] == expected["Role"], ("Role", config["Role"], expected["Role"])
    got = config.get("Environment", {}).get("Variables", {})
    want = expected.get("Environment", {}).get("Variables", {})
    assert got == want, ("environment", got, want)


def check_policy(deployed, expected):
    assert normal(deployed) == normal(expected), (normal(deployed), normal(expected))


def check_notification(deployed, expected):
    def norm(cs):
        return sorted(
            (c["LambdaFunctionArn"], tuple(sorted(c["Events"])), tuple(sorted(
                (r["Name"].lower(), r["Value"])
                for r in c.get("Filter", {}).get("Key", {}).get("FilterRules", []))))
            for c in cs)
    got = norm(deployed.get("LambdaFunctionConfigurations", []))
    assert got == norm(expected), (got, norm(expected))


def check_lambda_config(deployed, expected):
    assert deployed == expected, (deployed, expected)


def check_permission(statements, expected):
    """`expected`: resolved AWS::Lambda::Permission properties; one statement must grant it."""
    for s in statements:
        cond = s.get("Condition", {})
        if (s.get("Principal") == {"Service": expected["Principal"]}
                and s.get("Action") == expected["Action"] and s.get("Effect") == "Allow"
                and cond.get("ArnLike", {}).get("AWS:SourceArn") == expected.get("SourceArn")
                and cond.get("StringEquals", {}).get("AWS:SourceAccount")
                == expected.get("SourceAccount")):
            return s
    raise AssertionError(f"no statement grants {expected} in {statements}")


def run(suite, where, aws, template, deployment, example_dir, env, generated):
    example_dir = pathlib.Path(example_dir)
    values = deployment.values
    resolve = lambda node: values.resolve(copy.deepcopy(node), deployment.secret)  # noqa: E731
    project = yaml.safe_load((example_dir / "cogform.yaml").read_text())["project"]
    files = {p.stem: yaml.safe_load(p.read_text())
             for p in sorted((example_dir / "backend" / "functions").glob("*.yaml"))}
    auth_file = yaml.safe_load((example_dir / "backend" / "auth.yaml").read_text()) or {}
    lam, iam, s3 = aws.client("lambda"), aws.client("iam"), aws.client("s3")
    idp, sqs = aws.client("cognito-idp"), aws.client("sqs")
    pool_id = generated["auth"]["user_pool_id"]
    pool_arn = idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]["Arn"]
    buckets = {b["name"]: b["bucket_name"] for b in generated.get("storage", {}).get("buckets", [])}
    functions = {rid: resolve(r["Properties"])
                 for rid, r in of_type(template, "AWS::Lambda::Function").items()}
    by_name = {p["FunctionName"]: rid for rid, p in functions.items()}

    def deployed_name(name):
        return f"{project}-{name}-{env}"

    def arn_of(name):
        return lam.get_function(FunctionName=deployed_name(name))["Configuration"]["FunctionArn"]

    triggers = {k: v["function"] for k, v in (auth_file.get("triggers") or {}).items()
                if isinstance(v, dict) and "function" in v}

    def each_function():
        done = []
        for name, spec in files.items():
            rid = by_name.get(deployed_name(name))
            assert rid, f"backend/functions/{name}.yaml: no AWS::Lambda::Function named {deployed_name(name)}"
            expected = functions[rid]
            config = lam.get_function_configuration(FunctionName=deployed_name(name))
            check_function(config, expected)
            # The project's own words: runtime, handler, timeout and the variables of its file.
            assert config["Runtime"] == spec["runtime"] and config["Handler"] == spec["handler"]
            if "timeout" in spec:
                assert config["Timeout"] == spec["timeout"], (name, config["Timeout"])
            variables = config.get("Environment", {}).get("Variables", {})
            for k, v in (spec.get("environment") or {}).items():
                assert variables.get(k) == str(v), (name, k, variables.get(k))
            # Storage access names the deployed bucket (BUCKET_<NAME>).
            for bucket in ((spec.get("access") or {}).get("storage") or {}):
                key = "BUCKET_" + bucket.upper().replace("-", "_")
                assert variables.get(key) == buckets[bucket], (name, key, variables.get(key), buckets)
            extra = set(variables) - set(spec.get("environment") or {}) - {
                "BUCKET_" + b.upper().replace("-", "_")
                for b in ((spec.get("access") or {}).get("storage") or {})}
            # A pool trigger gets its pool from the event: no USER_POOL_ID (it would make the
            # pool depend on itself through the function).
            if name in triggers.values():
                assert "USER_POOL_ID" not in variables, (name, variables)
                assert pool_id not in variables.values(), (name, variables)
            elif "USER_POOL_ID" in variables:
                assert variables["USER_POOL_ID"] == pool_id, (name, variables["USER_POOL_ID"])
                extra -= {"USER_POOL_ID"}
            assert not extra, f"{name}: variables the files do not explain: {sorted(extra)}"
            done.append(f"{name} ({config['Runtime']}, {config['Timeout']} s, "
                        f"{config['MemorySize']} MB, {len(variables)} variables)")
        return "; ".join(done)

    suite.step(where, "functions: runtime, handler, timeout, memory, role, exact environment",
               each_function)

    policies = {rid: resolve(r["Properties"]) for rid, r in of_type(template, "AWS::IAM::Policy").items()}

    def access_policies():
        done = []
        deployed_buckets = set(buckets.values())
        for rid, props in policies.items():
            for role in props["Roles"]:
                deployed = document(iam.get_role_policy(
                    RoleName=role, PolicyName=props["PolicyName"])["PolicyDocument"])
                check_policy(deployed, props["PolicyDocument"])
                for s in deployed["Statement"]:
                    for arn in as_list(s["Resource"]):
                        if arn.startswith("arn:aws:cognito-idp:"):
                            assert arn == pool_arn, (rid, arn, pool_arn)
                        elif arn.startswith("arn:aws:s3:::"):
                            bucket = arn[len("arn:aws:s3:::"):].split("/")[0]
                            assert bucket in deployed_buckets, (rid, arn, deployed_buckets)
                            s3.head_bucket(Bucket=bucket)
                        else:
                            raise AssertionError(f"{rid}: a resource of no project service: {arn}")
                # The role is a function's execution role, and holds exactly the template's
                # inline policies.
                users = [p for p in functions.values() if p["Role"].endswith(f"/{role}")]
                assert users, f"{rid}: role {role} is no function's role"
                role_rid = next(r for r, v in values.refs.items() if v == role)
                inline = {p["PolicyName"] for p in template["Resources"][role_rid]["Properties"].get(
                    "Policies", [])} | {p["PolicyName"] for p in policies.values() if role in p["Roles"]}
                assert set(iam.list_role_policies(RoleName=role)["PolicyNames"]) == inline, role
                assert not iam.list_attached_role_policies(RoleName=role)["AttachedPolicies"], role
                done.append(f"{users[0]['FunctionName']}: "
                            + ", ".join(sorted({a for s in deployed["Statement"]
                                                for a in as_list(s["Action"])})))
        assert len(done) >= len(files) - sum(not f.get("access") for f in files.values())
        return "; ".join(done)

    suite.step(where, "functions: each role's access policy = the template's, on the deployed pool and bucket",
               access_policies)

    permissions = [resolve(r["Properties"])
                   for r in of_type(template, "AWS::Lambda::Permission").values()]
    storage_files = {p.stem: yaml.safe_load(p.read_text()) or {}
                     for p in sorted((example_dir / "backend" / "storage").glob("*.yaml"))}

    def expected_notifications():
        """bucket name -> (template's LambdaConfigurations in API form, from the files)."""
        out = {}
        for rid, r in of_type(template, "AWS::S3::Bucket").items():
            n = r["Properties"].get("NotificationConfiguration")
            if not n:
                continue
            n = resolve(n)
            out[values.refs[rid]] = [
                {"LambdaFunctionArn": c["Function"], "Events": [c["Event"]],
                 "Filter": {"Key": {"FilterRules": c.get("Filter", {}).get("S3Key", {}).get("Rules", [])}}}
                for c in n.get("LambdaConfigurations", [])]
        from_files = {}
        for name, spec in storage_files.items():
            for t in spec.get("triggers") or []:
                rules = [{"Name": "prefix", "Value": t["prefix"]}] if t.get("prefix") else []
                if t.get("suffix"):
                    rules.append({"Name": "suffix", "Value": t["suffix"]})
                from_files.setdefault(buckets[name], []).append(
                    {"LambdaFunctionArn": arn_of(t["function"]), "Events": [EVENTS[on(t)]],
                     "Filter": {"Key": {"FilterRules": rules}}})
        return out, from_files

    def notifications():
        expected, from_files = expected_notifications()
        assert sorted(expected) == sorted(from_files), (sorted(expected), sorted(from_files))
        done = []
        for bucket, configs in expected.items():
            deployed = s3.get_bucket_notification_configuration(Bucket=bucket)
            check_notification(deployed, configs)
            check_notification(deployed, from_files[bucket])
            for c in configs:
                # S3 may call the function: a permission for this bucket, in this account.
                statements = json.loads(lam.get_policy(FunctionName=c["LambdaFunctionArn"])["Policy"])["Statement"]
                check_permission(statements, {"Principal": "s3.amazonaws.com",
                                              "Action": "lambda:InvokeFunction",
                                              "SourceArn": f"arn:aws:s3:::{bucket}",
                                              "SourceAccount": ACCOUNT})
                rules = ", ".join(f"{r['Name']} {r['Value']}" for r in c["Filter"]["Key"]["FilterRules"])
                done.append(f"{bucket}: {c['Events'][0]} ({rules}) -> "
                            f"{c['LambdaFunctionArn'].rsplit(':', 1)[1]}")
        assert done or not from_files, "no bucket notification"
        return "; ".join(done) or "no storage trigger"

    suite.step(where, "storage triggers: the bucket's notification calls the function (prefix, event, permission)",
               notifications)

    def pool_triggers():
        pool = idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]
        expected = resolve(template["Resources"]["UserPool"]["Properties"].get("LambdaConfig", {}))
        from_files = {"".join(w.capitalize() for w in k.split("_")): arn_of(f) for k, f in triggers.items()}
        check_lambda_config(pool.get("LambdaConfig", {}), expected)
        check_lambda_config(pool.get("LambdaConfig", {}), from_files)
        for key, arn in from_files.items():
            statements = json.loads(lam.get_policy(FunctionName=arn)["Policy"])["Statement"]
            check_permission(statements, {"Principal": "cognito-idp.amazonaws.com",
                                          "Action": "lambda:InvokeFunction",
                                          "SourceArn": pool_arn, "SourceAccount": ACCOUNT})
        return ", ".join(f"{k} -> {v.rsplit(':', 1)[1]}" for k, v in from_files.items()) or "no trigger"

    suite.step(where, "pool triggers: LambdaConfig names the function, which the pool may invoke",
               pool_triggers)

    def invoke_permissions():
        done = []
        by_function = {}
        for p in permissions:
            by_function.setdefault(p["FunctionName"], []).append(p)
        for arn, expected in by_function.items():
            statements = json.loads(lam.get_policy(FunctionName=arn)["Policy"])["Statement"]
            assert len(statements) == len(expected), (arn, statements, expected)
            for p in expected:
                check_permission(statements, p)
                if p["Principal"] == "s3.amazonaws.com":
                    assert p["SourceArn"] in {f"arn:aws:s3:::{b}" for b in buckets.values()}, p
                elif p["Principal"] == "cognito-idp.amazonaws.com":
                    assert p["SourceArn"] == pool_arn, p
                elif p["Principal"] == "apigateway.amazonaws.com":
                    rest_ids = {values.refs[r] for r in of_type(template, "AWS::ApiGateway::RestApi")}
                    assert any(p["SourceArn"].startswith(
                        f"arn:aws:execute-api:{REGION}:{ACCOUNT}:{i}/") for i in rest_ids), p
                else:
                    raise AssertionError(f"unexpected caller {p['Principal']}")
                assert p["SourceAccount"] == ACCOUNT, p
                done.append(f"{p['Principal'].split('.')[0]} -> {arn.rsplit(':', 1)[1]}")
        return ", ".join(sorted(done))

    suite.step(where, "invoke permissions: each function's policy = its callers (source ARN and account)",
               invoke_permissions)

    methods = {rid: r for rid, r in of_type(template, "AWS::ApiGateway::Method").items()
               if "functions/" in json.dumps(r["Properties"].get("Integration", {}))}

    def api_routes():
        apigw = aws.client("apigateway")
        done = []
        routes = {}
        for p in sorted((example_dir / "backend" / "api").glob("*.yaml")):
            for path, verbs in (yaml.safe_load(p.read_text()).get("paths") or {}).items():
                for verb, spec in verbs.items():
                    if isinstance(spec, dict) and "function" in spec and spec["function"] in files:
                        routes[(verb, path)] = spec["function"]
        for rid, r in methods.items():
            props = resolve(r["Properties"])
            got = apigw.get_integration(restApiId=props["RestApiId"], resourceId=props["ResourceId"],
                                        httpMethod=props["HttpMethod"])
            want = props["Integration"]
            assert got["type"] == want["Type"] == "AWS_PROXY", got
            assert got["httpMethod"] == want["IntegrationHttpMethod"] == "POST", got
            assert got["uri"] == want["Uri"], (got["uri"], want["Uri"])
            resource = apigw.get_resource(restApiId=props["RestApiId"], resourceId=props["ResourceId"])
            name = routes.get((props["HttpMethod"], resource["path"]))
            if name:
                assert f"/functions/{arn_of(name)}/invocations" in got["uri"], (got["uri"], name)
            done.append(f"{props['HttpMethod']} {resource['path']} -> {got['uri'].split(':function:')[1].split('/')[0]}")
        assert len(done) >= len(routes), (done, routes)
        return ", ".join(done) or "no API route to a function"

    if methods:
        suite.step(where, "API routes: the integration invokes the project function (AWS_PROXY)", api_routes)

    def dead_letters():
        done = []
        for rid, props in functions.items():
            target = props.get("DeadLetterConfig", {}).get("TargetArn")
            called_by_s3 = any(p["FunctionName"].endswith(f":function:{props['FunctionName']}")
                               and p["Principal"] == "s3.amazonaws.com" for p in permissions)
            # Asynchronous callers (S3) retry then drop: those functions keep failed events.
            assert bool(target) == called_by_s3, (rid, target, called_by_s3)
            if not target:
                continue
            queue_rid = template["Resources"][rid]["Properties"]["DeadLetterConfig"]["TargetArn"]["Fn::GetAtt"][0]
            url = sqs.get_queue_url(QueueName=target.rsplit(":", 1)[1])["QueueUrl"]
            attrs = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
            assert attrs["QueueArn"] == target, (attrs["QueueArn"], target)
            for k, v in template["Resources"][queue_rid]["Properties"].items():
                want = str(v).lower() if isinstance(v, bool) else str(v)
                assert attrs.get(k) == want, (queue_rid, k, attrs.get(k), want)
            role = props["Role"].rsplit("/", 1)[1]
            grants = [s for name in iam.list_role_policies(RoleName=role)["PolicyNames"]
                      for s in document(iam.get_role_policy(RoleName=role, PolicyName=name)["PolicyDocument"])["Statement"]
                      if "sqs:SendMessage" in as_list(s["Action"]) and target in as_list(s["Resource"])]
            assert grants, f"{role} may not send to {target}"
            config = lam.get_function_configuration(FunctionName=props["FunctionName"])
            if "DeadLetterConfig" in config:
                assert config["DeadLetterConfig"].get("TargetArn") == target, config["DeadLetterConfig"]
                suite.probe("dead-letter", False, props["FunctionName"])
                on_function = "the function's DeadLetterConfig"
            else:
                suite.probe("dead-letter", True, props["FunctionName"])
                on_function = "the function's DeadLetterConfig not kept by the emulator"
            done.append(f"{props['FunctionName']} -> {target.rsplit(':', 1)[1]} (queue exists, "
                        f"{len(attrs)} attributes as the template says, role may send; {on_function})")
        return "; ".join(done) or "no dead-letter queue"

    suite.step(where, "dead-letter queues: exist as the template says, the role may send to them",
               dead_letters)

    def control():
        refused = []

        def refuses(label, fn):
            try:
                fn()
            except AssertionError:
                refused.append(label)
                return
            raise AssertionError(f"control accepted: {label}")

        trigger = next(iter(triggers.values()), None) or next(iter(files))
        rid = by_name[deployed_name(trigger)]
        config = lam.get_function_configuration(FunctionName=deployed_name(trigger))
        wrong = copy.deepcopy(functions[rid])
        wrong.setdefault("Environment", {}).setdefault("Variables", {})["USER_POOL_ID"] = pool_id
        refuses("a USER_POOL_ID variable on the trigger", lambda: check_function(config, wrong))
        wrong = copy.deepcopy(functions[rid])
        wrong["Timeout"] = wrong.get("Timeout", 3) + 1
        refuses("another timeout", lambda: check_function(config, wrong))
        if policies:
            props = next(iter(policies.values()))
            deployed = document(iam.get_role_policy(RoleName=props["Roles"][0],
                                                    PolicyName=props["PolicyName"])["PolicyDocument"])
            wrong = copy.deepcopy(props["PolicyDocument"])
            wrong["Statement"][0]["Action"] = as_list(wrong["Statement"][0]["Action"]) + ["s3:DeleteObject"]
            refuses("one more action", lambda: check_policy(deployed, wrong))
        expected, _ = expected_notifications()
        for bucket, configs in expected.items():
            deployed = s3.get_bucket_notification_configuration(Bucket=bucket)
            wrong = copy.deepcopy(configs)
            wrong[0]["Filter"]["Key"]["FilterRules"] = [{"Name": "prefix", "Value": "public/"}]
            refuses("another prefix", lambda: check_notification(deployed, wrong))
            statements = json.loads(lam.get_policy(FunctionName=configs[0]["LambdaFunctionArn"])["Policy"])["Statement"]
            refuses("a permission for another bucket", lambda: check_permission(statements, {
                "Principal": "s3.amazonaws.com", "Action": "lambda:InvokeFunction",
                "SourceArn": f"arn:aws:s3:::{bucket}-other", "SourceAccount": ACCOUNT}))
            refuses("a permission for another account", lambda: check_permission(statements, {
                "Principal": "s3.amazonaws.com", "Action": "lambda:InvokeFunction",
                "SourceArn": f"arn:aws:s3:::{bucket}", "SourceAccount": "210987654321"}))
        if triggers:
            pool = idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]
            other = next(n for n in by_name if n != deployed_name(trigger))
            wrong = {k: v.replace(deployed_name(trigger), other) for k, v in pool["LambdaConfig"].items()}
            refuses("another trigger function", lambda: check_lambda_config(pool["LambdaConfig"], wrong))
        return f"{len(refused)} wrong expectations refused: " + ", ".join(refused)

    suite.step(where, "functions control: the same checks refuse wrong expectations", control)
    probe(suite, aws, where, functions, files, triggers, deployed_name, buckets, storage_files,
          pool_id, generated)


def probe(suite, aws, where, functions, files, triggers, deployed_name, buckets, storage_files,
          pool_id, generated):
    """The emulator's blind spots about functions, observed (run.py reports them)."""
    lam, idp, s3 = aws.client("lambda"), aws.client("cognito-idp"), aws.client("s3")
    # Invoke: the emulator runs no function (no Docker here).
    for props in functions.values():
        r = lam.invoke(FunctionName=props["FunctionName"], Payload=b"{}")
        payload = r["Payload"].read()
        suite.probe("lambda-run", "FunctionError" in r and b"docker" in payload.lower(),
                    props["FunctionName"])
    # The post-confirmation trigger is not called when a sign-up is confirmed.
    for key, name in triggers.items():
        if key != "post_confirmation":
            continue
        group = (files[name].get("environment") or {}).get("DEFAULT_GROUP")
        user = f"carol+{secrets.token_hex(3)}@example.com"
        idp.sign_up(ClientId=generated["auth"]["user_pool_client_id"], Username=user,
                    Password="Pw-" + secrets.token_hex(6) + "-Aa9!",
                    UserAttributes=[{"Name": "email", "Value": user}])
        try:
            idp.admin_confirm_sign_up(UserPoolId=pool_id, Username=user)
            groups = [g["GroupName"] for g in
                      idp.admin_list_groups_for_user(UserPoolId=pool_id, Username=user)["Groups"]]
            suite.probe("post-confirmation", group not in groups, pool_id)
        finally:
            idp.admin_delete_user(UserPoolId=pool_id, Username=user)
    # An upload to a trigger's prefix does not run the handler (nothing is published).
    for name, spec in storage_files.items():
        for t in spec.get("triggers") or []:
            fn = files.get(t["function"], {})
            target = (fn.get("environment") or {}).get("TARGET_PREFIX")
            if on(t) != "upload" or not target:
                continue
            bucket = buckets[name]
            key = f"e2e-probe-{secrets.token_hex(3)}.txt"
            # moto applies the bucket policy's Deny (DenyInsecureTransport) to object writes
            # without its condition, and the emulator is plain HTTP: the upload is refused.
            try:
                s3.put_object(Bucket=bucket, Key=t.get("prefix", "") + key, Body=b"probe")
                suite.probe("bucket-deny", False, bucket)
            except s3.exceptions.ClientError as e:
                suite.probe("bucket-deny", e.response["ResponseMetadata"]["HTTPStatusCode"] == 403, bucket)
            # The same upload with the policy lifted for the probe, then put back as it was.
            policy = s3.get_bucket_policy(Bucket=bucket)["Policy"]
            s3.delete_bucket_policy(Bucket=bucket)
            try:
                s3.put_object(Bucket=bucket, Key=t.get("prefix", "") + key, Body=b"probe")
                time.sleep(0.5)
                published = s3.list_objects_v2(Bucket=bucket, Prefix=target + key).get("KeyCount", 0)
                suite.probe("upload-event", published == 0, bucket)
                s3.delete_object(Bucket=bucket, Key=t.get("prefix", "") + key)
            finally:
                s3.put_bucket_policy(Bucket=bucket, Policy=policy)
            assert s3.get_bucket_policy(Bucket=bucket)["Policy"] == policy
    # S3 does not check that a Lambda destination lets the bucket invoke it (real S3 refuses
    # PutBucketNotificationConfiguration then: the template's DependsOn on the permission).
    if functions:
        scratch = f"cogform-e2e-probe-{secrets.token_hex(4)}"
        s3.create_bucket(Bucket=scratch)
        arn = lam.get_function(FunctionName=next(iter(functions.values()))["FunctionName"])[
            "Configuration"]["FunctionArn"]
        try:
            s3.put_bucket_notification_configuration(Bucket=scratch, NotificationConfiguration={
                "LambdaFunctionConfigurations": [{"LambdaFunctionArn": arn,
                                                  "Events": ["s3:ObjectCreated:*"]}]})
            suite.probe("notification-permission", True, scratch)
        except Exception:
            suite.probe("notification-permission", False, scratch)
        finally:
            s3.delete_bucket(Bucket=scratch)
