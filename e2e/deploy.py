"""Deploys a cogform template to moto's server as far as the emulator allows.

moto's CloudFormation creates no AWS::Cognito::* resource, no AWS::S3::BucketPolicy and no
API Gateway Authorizer, Stage or GatewayResponse, and those are interleaved with what it can create (roles trust
the identity pool, the identity pool needs the client, methods need the authorizer, group
roles...). So the template is deployed in waves: each wave is either one stack holding every
resource moto's CloudFormation can create whose references are already known, or the
resources only appliers can create (appliers.py, one function per type, each creating the
resource through the service API from the template's own properties). Every reference to a
resource of an earlier wave is replaced by its value (a stack exports the values later waves
need as outputs, computed by moto itself). Where moto's CloudFormation creates a resource but
drops a property the service API takes (a bucket's NotificationConfiguration, a function's
DeadLetterConfig), a completion (appliers.COMPLETIONS) applies it right after the stack. A last stack carries the template's Outputs, so
`describe-stacks` of it is what `cogform outputs` reads, exactly as after a real deployment.
"""

import copy
import io
import json
import re
import zipfile

import appliers

PSEUDO = {
    "AWS::Region": "us-east-1",
    "AWS::AccountId": "123456789012",
    "AWS::Partition": "aws",
    "AWS::URLSuffix": "amazonaws.com",
    "AWS::NoValue": None,
}

SUB_VAR = re.compile(r"\$\{([^}!][^}]*)\}")
DYNAMIC = re.compile(r"\{\{resolve:secretsmanager:([^:}]+)(?::SecretString:([^:}]*))?[^}]*\}\}")


def references(node):
    """(logical id, attribute or None) pairs that `node` refers to (pseudo parameters excluded)."""
    out = set()
    if isinstance(node, dict):
        if set(node) == {"Ref"} and isinstance(node["Ref"], str):
            if not node["Ref"].startswith("AWS::"):
                out.add((node["Ref"], None))
            return out
        if set(node) == {"Fn::GetAtt"}:
            res, attr = node["Fn::GetAtt"]
            out.add((res, attr))
            return out
        if set(node) == {"Fn::Sub"}:
            sub = node["Fn::Sub"]
            text, variables = (sub, {}) if isinstance(sub, str) else (sub[0], sub[1])
            for var in SUB_VAR.findall(text):
                if var in variables or var.startswith("AWS::"):
                    continue
                res, _, attr = var.partition(".")
                out.add((res, attr or None))
            for v in variables.values():
                out |= references(v)
            return out
        for v in node.values():
            out |= references(v)
    elif isinstance(node, list):
        for v in node:
            out |= references(v)
    return out


def depends(resource):
    deps = {r for r, _ in references(resource.get("Properties", {}))}
    on = resource.get("DependsOn", [])
    deps |= set([on] if isinstance(on, str) else on)
    return deps


class Values:
    """What is known of deployed resources: Ref value and attributes, by logical id."""

    def __init__(self):
        self.refs = {}
        self.attrs = {}

    def known(self, res):
        return res in self.refs

    def get(self, res, attr):
        if attr is None:
            return self.refs[res]
        return self.attrs[res][attr]

    def substitute(self, node):
        """Replaces references to known resources by their values; leaves the rest to moto."""
        if isinstance(node, dict):
            if set(node) == {"Ref"} and self.known(node["Ref"]):
                return self.refs[node["Ref"]]
            if set(node) == {"Fn::GetAtt"} and self.known(node["Fn::GetAtt"][0]):
                res, attr = node["Fn::GetAtt"]
                return self.get(res, attr)
            if set(node) == {"Fn::Sub"}:
                sub = node["Fn::Sub"]
                text, variables = (sub, None) if isinstance(sub, str) else (sub[0], sub[1])

                def repl(m):
                    res, _, attr = m.group(1).partition(".")
                    if variables and m.group(1) in variables:
                        return m.group(0)
                    if self.known(res):
                        return str(self.get(res, attr or None))
                    return m.group(0)

                text = SUB_VAR.sub(repl, text)
                if variables is None:
                    return {"Fn::Sub": text}
                return {"Fn::Sub": [text, self.substitute(variables)]}
            return {k: self.substitute(v) for k, v in node.items()}
        if isinstance(node, list):
            return [self.substitute(v) for v in node]
        return node

    def resolve(self, node, secrets):
        """Evaluates a property completely (for appliers): intrinsics and dynamic references."""
        node = self.substitute(node)
        if isinstance(node, dict):
            if set(node) == {"Ref"}:
                return PSEUDO[node["Ref"]]
            if set(node) == {"Fn::Sub"}:
                sub = node["Fn::Sub"]
                text, variables = (sub, {}) if isinstance(sub, str) else (sub[0], sub[1])
                variables = {k: self.resolve(v, secrets) for k, v in variables.items()}

                def repl(m):
                    name = m.group(1)
                    return str(variables[name] if name in variables else PSEUDO[name])

                return self.resolve(SUB_VAR.sub(repl, text), secrets)
            if set(node) & {"Fn::GetAtt", "Fn::Join", "Fn::If", "Fn::Select"}:
                raise ValueError(f"unresolved intrinsic {node}")
            return {k: self.resolve(v, secrets) for k, v in node.items()}
        if isinstance(node, list):
            return [self.resolve(v, secrets) for v in node]
        if isinstance(node, str) and "{{resolve:" in node:
            return DYNAMIC.sub(lambda m: secrets(m.group(1), m.group(2)), node)
        return node


def output_key(res, attr):
    return ("R" + res) if attr is None else ("A" + res + re.sub(r"[^A-Za-z0-9]", "", attr))


class Deployment:
    """One example's deployment on the emulator."""

    def __init__(self, aws, name, template, project_dir, log):
        self.aws = aws
        self.name = name
        self.template = template
        self.project_dir = project_dir
        self.log = log
        self.values = Values()
        self.gaps = []  # (resource, type, property, why)
        self.stacks = []

    def secret(self, name, key):
        value = self.aws.client("secretsmanager").get_secret_value(SecretId=name)["SecretString"]
        return json.loads(value)[key] if key else value

    def package(self, resources):
        """What `aws cloudformation package` does: local code folders become S3 objects."""
        s3 = self.aws.client("s3")
        bucket = "cogform-e2e-artifacts"
        for rid, r in resources.items():
            code = r.get("Properties", {}).get("Code")
            if r["Type"] == "AWS::Lambda::Function" and isinstance(code, str):
                buf = io.BytesIO()
                folder = self.project_dir / code
                with zipfile.ZipFile(buf, "w") as z:
                    for f in sorted(folder.rglob("*")):
                        if f.is_file():
                            z.write(f, f.relative_to(folder).as_posix())
                    if not z.namelist():
                        # Lambda refuses an empty archive; moto accepts it.
                        self.log(f"    note: {rid}'s code folder {code} is empty (AWS Lambda would "
                                 "refuse the empty zip; the emulator takes it)")
                try:
                    s3.create_bucket(Bucket=bucket)
                except s3.exceptions.BucketAlreadyOwnedByYou:
                    pass
                key = f"{self.name}/{rid}.zip"
                s3.put_object(Bucket=bucket, Key=key, Body=buf.getvalue())
                r["Properties"]["Code"] = {"S3Bucket": bucket, "S3Key": key}

    def stand_ins(self):
        """The existing Lambda functions the template names by ARN (triggers, API functions)
        exist before a real deployment; on the emulator they are stand-ins of the same name."""
        names = sorted(set(re.findall(r"arn:aws:lambda:[^:\"]+:\d+:function:([A-Za-z0-9_-]+)",
                                      json.dumps(self.template))))
        if not names:
            return
        iam = self.aws.client("iam")
        role = iam.create_role(
            RoleName="cogform-e2e-stand-in",
            AssumeRolePolicyDocument=json.dumps({
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                               "Principal": {"Service": "lambda.amazonaws.com"}}],
            }),
        )["Role"]["Arn"]
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("index.mjs", "export const handler = async (event) => event;\n")
        lam = self.aws.client("lambda")
        for name in names:
            lam.create_function(FunctionName=name, Runtime="nodejs22.x", Role=role,
                                Handler="index.handler", Code={"ZipFile": buf.getvalue()})
        self.log(f"    stand-ins for the existing functions the template names: {', '.join(names)}")

    def deploy(self):
        resources = copy.deepcopy(self.template["Resources"])
        self.stand_ins()
        self.package(resources)
        pending = set(resources)
        wanted = references(self.template.get("Outputs", {}))
        for r in resources.values():
            wanted |= references(r.get("Properties", {}))
        wave = 0
        while pending:
            progress = False
            # A stack of what moto's CloudFormation can create now.
            batch = {r for r in pending if resources[r]["Type"] not in appliers.APPLIERS}
            changed = True
            while changed:
                changed = False
                for r in sorted(batch):
                    blocked = {d for d in depends(resources[r]) if d in pending and d not in batch}
                    if blocked:
                        batch.discard(r)
                        changed = True
            if batch:
                wave += 1
                self.create_stack(f"{self.name}-wave{wave}", resources, batch, wanted)
                pending -= batch
                progress = True
            # Then every resource only an applier creates, as soon as its references are known.
            applied = True
            while applied:
                applied = False
                for r in sorted(pending):
                    res = resources[r]
                    if res["Type"] in appliers.APPLIERS and all(
                        self.values.known(d) or d not in resources for d in depends(res)
                    ):
                        self.apply(r, res)
                        pending.discard(r)
                        applied = progress = True
            if not progress:
                raise RuntimeError(f"cannot order the remaining resources: {sorted(pending)}")
        return self.outputs_stack()

    def create_stack(self, stack_name, resources, batch, wanted):
        body = {"AWSTemplateFormatVersion": "2010-09-09", "Resources": {}, "Outputs": {}}
        # A completion needs the Ref value of its resource.
        wanted = wanted | {(r, None) for r in batch if resources[r]["Type"] in appliers.COMPLETIONS}
        for r in sorted(batch):
            res = self.values.substitute(copy.deepcopy(resources[r]))
            on = res.get("DependsOn")
            if on is not None:
                on = [d for d in ([on] if isinstance(on, str) else on) if d in batch]
                if on:
                    res["DependsOn"] = on
                else:
                    del res["DependsOn"]
            res.pop("Metadata", None)
            body["Resources"][r] = res
        for res, attr in sorted(wanted, key=lambda p: (p[0], p[1] or "")):
            if res in batch:
                value = {"Ref": res} if attr is None else {"Fn::GetAtt": [res, attr]}
                body["Outputs"][output_key(res, attr)] = {"Value": value}
        cfn = self.aws.client("cloudformation")
        cfn.create_stack(
            StackName=stack_name,
            TemplateBody=json.dumps(body),
            Capabilities=["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM"],
        )
        stack = cfn.describe_stacks(StackName=stack_name)["Stacks"][0]
        if stack["StackStatus"] != "CREATE_COMPLETE":
            raise RuntimeError(f"{stack_name}: {stack['StackStatus']} {stack.get('StackStatusReason')}")
        self.stacks.append(stack_name)
        got = {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])}
        for r in batch:
            self.values.refs.setdefault(r, got.get(output_key(r, None)))
            self.values.attrs.setdefault(r, {})
        for res, attr in wanted:
            if res in batch and attr is not None:
                self.values.attrs[res][attr] = got[output_key(res, attr)]
        self.log(f"    stack {stack_name}: {len(batch)} resources by moto's CloudFormation")
        for r in sorted(batch):
            if resources[r]["Type"] in appliers.COMPLETIONS:
                self.complete(r, resources[r])

    def complete(self, rid, res):
        """The properties moto's CloudFormation dropped, through the service API."""
        props = self.values.resolve(res.get("Properties", {}), self.secret)
        unapplied = appliers.COMPLETIONS[res["Type"]](self.aws, self.values.refs[rid], props)
        for prop, why in unapplied:
            self.gaps.append((rid, res["Type"], prop, why))
        if unapplied:
            self.log(f"    completion {res['Type']} {rid} (not applied: "
                     f"{', '.join(p for p, _ in unapplied)})")

    def apply(self, rid, res):
        props = self.values.resolve(res.get("Properties", {}), self.secret)
        ref, attrs, unapplied = appliers.APPLIERS[res["Type"]](self.aws, props)
        self.values.refs[rid] = ref
        self.values.attrs[rid] = attrs
        for prop, why in unapplied:
            self.gaps.append((rid, res["Type"], prop, why))
        self.log(
            f"    applier {res['Type']} {rid} -> {ref}"
            + (f" (not applied: {', '.join(p for p, _ in unapplied)})" if unapplied else "")
        )

    def outputs_stack(self):
        """The template's Outputs in a last stack; returns its `describe-stacks` result."""
        outputs = self.values.substitute(copy.deepcopy(self.template.get("Outputs", {})))
        body = {
            "AWSTemplateFormatVersion": "2010-09-09",
            "Description": self.template.get("Description", ""),
            # A template needs one resource; this parameter only carries the Outputs.
            "Resources": {
                "E2eOutputsCarrier": {
                    "Type": "AWS::SSM::Parameter",
                    "Properties": {
                        "Name": f"/cogform-e2e/{self.name}",
                        "Type": "String",
                        "Value": "outputs",
                    },
                }
            },
            "Outputs": outputs,
        }
        cfn = self.aws.client("cloudformation")
        cfn.create_stack(StackName=self.name, TemplateBody=json.dumps(body))
        return cfn.describe_stacks(StackName=self.name)
