"""Realistic synthetic knowledge bases, and labelled noisy pastes for their error entries.

A team's merged notes: thousands of ``##`` entries in many files and folders, most headed by an
error message built from templates that share their words (so that entries compete), with
variables (addresses, pod names, ids, paths, numbers), English and Chinese prose, lists and code.
For each error entry the generator can also write what an operator would paste: the same message
with other values, inside log framing (klog, journald, events, timestamps, logfmt) and sometimes
among unrelated lines. Deterministic for a seed.

    python benchmarks/generate.py DIR --entries 10000 [--seed 0] [--cases 500]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

__all__ = ["TEMPLATES", "generate"]

COMPONENTS = (
    "kubelet containerd etcd kube-apiserver kube-scheduler kube-controller-manager coredns ingress-nginx calico flannel "
    "cilium docker systemd nginx postgres mysql redis kafka zookeeper elasticsearch prometheus grafana vault consul "
    "terraform helm argocd istio envoy traefik minio ceph rook longhorn jenkins gitlab-runner harbor keycloak rabbitmq "
    "cassandra mongodb clickhouse fluent-bit loki tempo velero cert-manager external-dns metallb haproxy keepalived"
).split()
RESOURCES = (
    "pod deployment service configmap secret persistentvolumeclaim persistentvolume node namespace ingress statefulset "
    "daemonset job cronjob serviceaccount role rolebinding customresourcedefinition webhook certificate volume image "
    "container network bucket topic table index queue snapshot lease endpoint replicaset storageclass"
).split()
VERBS = (
    "create update delete get list watch mount attach pull push start stop restart connect resolve bind sync reconcile "
    "schedule evict drain scale patch apply validate authenticate authorize decode parse read write open flush commit "
    "lock allocate reserve register renew rotate"
).split()
CAUSES = (
    "connection refused|i/o timeout|context deadline exceeded|permission denied|no such file or directory|not found|"
    "already exists|too many open files|no space left on device|broken pipe|connection reset by peer|"
    "certificate has expired or is not yet valid|x509: certificate signed by unknown authority|Unauthorized|Forbidden|"
    "invalid argument|resource temporarily unavailable|device or resource busy|exceeded quota|out of memory|EOF|"
    "TLS handshake timeout|Temporary failure in name resolution|the object has been modified|field is immutable|"
    "the server could not find the requested resource|transport is closing|request entity too large"
).split("|")
NOUNS_EN = (
    "backup restore upgrade rollback quota limits retention tuning monitoring alerting logging tracing sharding "
    "replication failover migration cleanup rotation annotations labels probes affinity tolerations"
).split()
NOUNS_ZH = "备份 恢复 升级 回滚 配额 限制 保留 调优 监控 告警 日志 链路 分片 复制 故障转移 迁移 清理 轮换 注解 标签 探针 亲和".split()
SENTENCES_ZH = (
    "先确认节点状态是否正常。|检查日志里的第一条错误。|通常是配置没有同步导致的。|重启服务后恢复。|"
    "需要调整资源限制。|可以先删除再重建。|注意备份数据。|升级后问题消失。|网络策略可能拦截了请求。|"
    "证书过期需要重新签发。|磁盘空间不足会导致写入失败。|权限配置需要和集群角色一致。"
).split("|")
SENTENCES_EN = (
    "Check the node status first.|Look for the first error in the logs.|Usually caused by stale configuration.|"
    "Restarting the service fixes it.|Raise the resource limits.|Delete and recreate the object.|Back up the data first.|"
    "Upgrading resolved it.|A network policy may drop the traffic.|Renew the expired certificate.|"
    "A full disk makes writes fail.|Align the RBAC role with the service account."
).split("|")

# Fixed slots ({component} {resource} {verb} {cause} {other}) are chosen per entry and stay in its
# pastes; variable slots ({ip} {addr} {pod} {uuid} {sha} {path} {name} {num} {dur} {gofile} {port})
# are example values in the heading and other values in every paste.
TEMPLATES = (
    "failed to {verb} {resource} {name}: {cause}",
    "{component}: failed to {verb} {resource}: {cause}",
    "error {verb}ing {resource} {name} in namespace {name}: {cause}",
    "Failed to {verb} {resource} on {component}: dial tcp {addr}: {cause}",
    "{gofile}] {component} could not {verb} {resource}: {cause}",
    "unable to {verb} {resource} {name}: rpc error: code = Unknown desc = {cause}",
    "rpc error: code = DeadlineExceeded desc = {component} {verb} {resource} timed out after {dur}",
    'Error from server ({cause}): error when {verb}ing "{path}": {resource} {name} {cause}',
    "{component} {resource} {name} stuck in {other} state for {dur}",
    "MountVolume.SetUp failed for volume {name} : {component} {verb} {resource}: {cause}",
    "Failed to pull image {name}: rpc error: code = Unknown desc = {component}: {cause}",
    "Back-off restarting failed container {name} in pod {pod} ({uuid}) after {component} {cause}",
    "{component} health check failed: Get http://{addr}/healthz: {cause}",
    "Readiness probe failed: {component} {resource} {verb} returned {num}: {cause}",
    "Liveness probe failed: dial tcp {addr}: {cause}",
    "{num} node(s) had untolerated taint {other}/{component}, {num} node(s) didn't match {resource} affinity",
    "0/{num} nodes are available: {num} Insufficient {other}, {num} node(s) had {resource} {cause}",
    "{component} leader election lost: {resource} lease {name} {cause}",
    "{component}: {resource} {sha} {cause} while {verb}ing layer",
    "snapshot {sha} for {resource} {name}: {component} {verb}: {cause}",
    "{component}: {verb} {path}: {cause}",
    "open {path}: {cause} ({component} {verb} {resource})",
    "{component} cannot {verb} {resource} {name} at {addr}: {cause}",
    "x509: certificate is valid for {ip}, {ip}, not {ip} ({component} {verb} {resource})",
    "{component} webhook {name} denied the request: {resource} {verb}: {cause}",
    "admission webhook {name} does not allow {verb} of {resource}: {cause}",
    "{resource}.{other}.io {name} is invalid: spec.{other}: {cause}",
    "The {resource} {name} is invalid: {other}: Forbidden: updates to {other} are forbidden",
    "{component} reconcile error for {resource} {name}: {cause}, requeue after {dur}",
    "{component} {verb} {resource} {name} failed after {num} retries: {cause}",
    "panic: runtime error in {component} {verb} {resource}: {cause}",
    "java.io.IOException: {component} {verb} {resource} {name}: {cause}",
    "psycopg2.OperationalError: could not {verb} {resource} on {addr}: {cause}",
    "redis.exceptions.ConnectionError: Error {num} {verb}ing {addr}. {cause}",
    "org.apache.kafka.common.errors.{other}Exception: {resource} {name} {cause}",
    "ERROR 2003 (HY000): Can't {verb} to {component} server on {addr} ({cause})",
    "FATAL: {component} could not {verb} {resource} file {path}: {cause}",
    "Terraform {verb} {resource} {name}: {component} API error: {cause}",
    "Error: UPGRADE FAILED: {component} {verb} {resource} {name}: {cause}",
    "helm {verb}: {resource} {name} in {component} chart: {cause}",
    "{component} {verb} {resource} quota {name}: exceeded quota, requested: {other}={num}, used: {other}={num}",
    "OOMKilled: {component} {resource} {pod} used {num}Mi over its {other} limit",
    "Evicted: The node was low on resource: {other}. {component} {resource} {name} was using {num}Ki",
    "kubelet_volumes.go:{num}] orphaned {resource} {uuid} found, but {component} {cause}",
    "Failed to create pod sandbox: rpc error: code = Unknown desc = {component} {verb} {resource}: {cause}",
    "failed to reserve {resource} name {name}: name {name} is reserved for {sha}",
    "{component} {verb} {resource} {name} failed: {cause} (retry in {dur})",
    "dial udp {addr}: {component} {verb} {resource}: {cause}",
    "lookup {name}.{name}.svc.cluster.local on {addr}: {cause} ({component})",
    "{component}: {resource} {name} has {num} unavailable replicas: {cause}",
    "timed out waiting for {component} {resource} {name} to {verb}: {cause}",
    "{component} {verb} {resource} {name} rejected: {cause}, retry after {dur}",
    "unexpected EOF while {component} {verb}ing {resource} {name}",
    "{component} sync loop: {resource} {name} {verb} skipped: {cause}",
    "cannot {verb} {resource} {name}: {component} is in {other} mode: {cause}",
    "{component} ({name}) {verb} {resource} at {path}: {cause}",
    "{component}: {num} {resource}s could not be {verb}ed: {cause}",
    "{component} certificate {name} for {resource} {verb} failed: {cause}",
    "{component} {resource} {name} {verb} conflict: the object has been modified; please apply your changes",
    "{component} {verb} {resource} {name} on port {port}: address already in use",
    "{component} could not {verb} {resource}: too many {other} ({num} > {num})",
)
OTHER = (
    "Pending Terminating Unknown ReadOnly Degraded Draining memory cpu ephemeral-storage storage pids replicas "
    "NotLeader Timeout Serialization Authorization Maintenance Recovery node-role.kubernetes.io/control-plane"
).split()
TOPICS = (
    "{component} {noun}",
    "{component} {noun_zh}",
    "how to {verb} {resource} in {component}",
    "{resource} {noun_zh}",
    "{component} 常见问题",
    "{component} and {component2} {noun}",
)
FRAMES: tuple[Callable[[random.Random, str], str], ...] = (
    lambda r, m: (
        f"E{r.randint(1, 12):02d}{r.randint(1, 28):02d} {_clock(r)}.{r.randint(0, 999999):06d}    {r.randint(1, 99999)} "
        f"{r.choice(COMPONENTS).replace('-', '_')}.go:{r.randint(10, 2000)}] {m}"
    ),
    lambda r, m: (
        f"{r.choice(('Jan', 'Mar', 'May', 'Sep', 'Nov'))} {r.randint(1, 28)} {_clock(r)} node-{r.randint(1, 99)} "
        f"{r.choice(COMPONENTS)}[{r.randint(100, 99999)}]: {m}"
    ),
    lambda r, m: (
        f"  Warning  {r.choice(('Failed', 'FailedMount', 'BackOff', 'FailedScheduling', 'Unhealthy'))}  "
        f"{r.randint(1, 59)}m (x{r.randint(2, 40)} over {r.randint(1, 9)}h)  {r.choice(('kubelet', 'default-scheduler'))}  {m}"
    ),
    lambda r, m: f"2024-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}T{_clock(r)}.{r.randint(0, 999)}Z {m}",
    lambda r, m: f'time="2024-03-01T{_clock(r)}Z" level=error msg="{m.replace(chr(34), chr(92) + chr(34))}"',
    lambda r, m: m,
)
NOISE = (
    "I0101 10:00:00.000000 1 reflector.go:255] Listing and watching *v1.Pod",
    "Successfully pulled image in 1.2s",
    "Started container app",
    'level=info msg="reconcile finished"',
    "+ kubectl get pods -A",
    "Normal  Scheduled  2m  default-scheduler  Successfully assigned default/app to node-1",
)
_SLOT = re.compile(r"\{(\w+)\}")
_HASH = "bcdfghjklmnpqrstvwxz2456789"


def _clock(r: random.Random) -> str:
    return f"{r.randint(0, 23):02d}:{r.randint(0, 59):02d}:{r.randint(0, 59):02d}"


def _variable(slot: str, r: random.Random) -> str:
    if slot == "ip":
        return f"10.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}"
    if slot == "addr":
        return f"{_variable('ip', r)}:{r.choice((80, 443, 2379, 5432, 6379, 6443, 8080, 9092, 10250))}"
    if slot == "pod":
        return f"{r.choice(COMPONENTS)}-{r.randrange(16**9):09x}-{''.join(r.choice(_HASH) for _ in range(5))}"
    if slot == "uuid":
        h = f"{r.getrandbits(128):032x}"
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
    if slot == "sha":
        return f"sha256:{r.getrandbits(256):064x}"
    if slot == "path":
        return "/" + "/".join(
            r.choice(("var", "lib", "etc", "run", "data", "opt", "kubelet", "pods", "conf"))
            for _ in range(r.randint(2, 4))
        )
    if slot == "name":
        return f'"{r.choice(COMPONENTS)}-{r.choice(RESOURCES)}-{r.randint(0, 99)}"'
    if slot in ("num", "port"):
        return str(r.randint(1, 65535) if slot == "port" else r.randint(1, 5000))
    if slot == "dur":
        return f"{r.randint(1, 59)}{r.choice(('s', 'ms', 'm'))}"
    if slot == "gofile":
        return f"{r.choice(COMPONENTS).replace('-', '_')}.go:{r.randint(10, 2000)}"
    raise KeyError(slot)


_FIXED = {"component", "resource", "verb", "cause", "other"}


@dataclass(frozen=True)
class _Error:
    template: str
    fixed: dict[str, str]
    heading: str


def _fill(template: str, fixed: dict[str, str], r: random.Random) -> str:
    return _SLOT.sub(lambda m: fixed[m.group(1)] if m.group(1) in _FIXED else _variable(m.group(1), r), template)


def _key(template: str, fixed: dict[str, str]) -> tuple[str, ...]:
    """What tells an error entry apart: its template and the fixed words filled into it."""
    return (template, *(fixed[s] for s in sorted(set(_SLOT.findall(template)) & _FIXED)))


def _new_error(r: random.Random, used: set[tuple[str, ...]]) -> _Error:
    """An error entry that differs from every other in more than its variables' values (two
    entries alike but for an address could not be told apart by any paste), when one can be
    found in a few draws."""
    for _ in range(20):
        template = r.choice(TEMPLATES)
        fixed = {
            "component": r.choice(COMPONENTS),
            "resource": r.choice(RESOURCES),
            "verb": r.choice(VERBS),
            "cause": r.choice(CAUSES),
            "other": r.choice(OTHER),
        }
        key = _key(template, fixed)
        if key not in used:
            break
    used.add(key)
    return _Error(template, fixed, _fill(template, fixed, r))


def _topic(r: random.Random) -> str:
    components = r.sample(COMPONENTS, 2)
    return r.choice(TOPICS).format(
        component=components[0],
        component2=components[1],
        noun=r.choice(NOUNS_EN),
        noun_zh=r.choice(NOUNS_ZH),
        verb=r.choice(VERBS),
        resource=r.choice(RESOURCES),
    )


def _body(r: random.Random, subject: str) -> str:
    kind = r.random()
    if kind < 0.04:
        return ""  # a known error, no answer recorded yet
    parts = [" ".join(r.choice(SENTENCES_ZH) for _ in range(r.randint(1, 3)))]
    if r.random() < 0.6:
        parts.append("\n".join(f"- {r.choice(SENTENCES_EN)}" for _ in range(r.randint(1, 4))))
    if r.random() < 0.6:
        component, resource = r.choice(COMPONENTS), r.choice(RESOURCES)
        commands = [
            f"kubectl {r.choice(VERBS)} {resource} -n {component}",
            f"kubectl logs -n kube-system -l app={component} --tail=200",
            f"systemctl restart {component}",
            f"journalctl -u {component} --since '10 min ago'",
        ]
        parts.append("```bash\n" + "\n".join(r.sample(commands, r.randint(1, 3))) + "\n```")
    if r.random() < 0.3:
        parts.append(
            f"```yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {subject[:30].lower().replace(' ', '-')}\n```"
        )
    if r.random() < 0.3:
        parts.append(
            f"- [{r.choice(COMPONENTS)} docs](https://example.org/{r.choice(COMPONENTS)}/{r.randint(1, 9999)})"
        )
    return "\n\n".join(parts) + "\n"


def _paste(e: _Error, r: random.Random) -> str:
    message = _fill(e.template, e.fixed, r)
    line = r.choice(FRAMES)(r, message)
    if r.random() < 0.4:
        before = [r.choice(NOISE) for _ in range(r.randint(1, 3))]
        after = [r.choice(NOISE) for _ in range(r.randint(0, 2))]
        return "\n".join([*before, line, *after])
    return line


def generate(root: Path, entries: int, seed: int = 0, cases: int = 500) -> list[dict[str, object]]:
    """Write ``entries`` entries under ``root``; return up to ``cases`` labelled pastes."""
    r = random.Random(seed)
    errors: list[_Error] = []
    used: set[tuple[str, ...]] = set()
    written = 0
    file_no = 0
    while written < entries:
        count = min(r.randint(20, 60), entries - written)
        folder = root / f"team-{file_no % 37:02d}" / r.choice(("ops", "platform", "data", "network", "storage"))
        if r.random() < 0.3:
            folder = folder / r.choice(("k8s", "db", "ci", "cloud"))
        folder.mkdir(parents=True, exist_ok=True)
        lines = []
        if r.random() < 0.3:
            lines.append(f"---\ntags: [{r.choice(COMPONENTS)}, {r.choice(('faq', 'runbook', 'incident'))}]\n---\n")
        lines.append(f"# {r.choice(COMPONENTS)} notes {file_no}\n")
        for _ in range(count):
            if r.random() < 0.7:
                e = _new_error(r, used)
                errors.append(e)
                heading = e.heading
            else:
                heading = _topic(r)
            lines.append(f"## {heading}\n\n{_body(r, heading)}")
        (folder / f"notes-{file_no:05d}.md").write_text("\n".join(lines), "utf-8")
        written += count
        file_no += 1
    keys = Counter(_key(e.template, e.fixed) for e in errors)
    distinct = [e for e in errors if keys[_key(e.template, e.fixed)] == 1]
    picked = r.sample(distinct, min(cases, len(distinct)))
    return [{"query": _paste(e, r), "expect": [e.heading], "kind": "synthetic"} for e in picked]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", type=Path)
    parser.add_argument("--entries", type=int, required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--cases", type=int, default=500)
    args = parser.parse_args()
    start = time.perf_counter()
    cases = generate(args.dir, args.entries, args.seed, args.cases)
    with (args.dir / "cases.jsonl").open("w", encoding="utf-8") as f:
        for case in cases:
            f.write(json.dumps(case, ensure_ascii=False) + "\n")
    size = sum(p.stat().st_size for p in args.dir.rglob("*.md"))
    took = time.perf_counter() - start
    print(f"{args.entries} entries, {len(cases)} cases, {size / 1e6:.1f} MB of markdown in {took:.1f} s → {args.dir}")


if __name__ == "__main__":
    main()
