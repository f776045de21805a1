"""Words that name the same thing: kubectl short names, an error's name and its message, and an
English–Chinese ops glossary.

Operators type ``pvc`` for PersistentVolumeClaim and ``时区`` for time zone; entries are written
one way or the other. Wherever one of a group's phrases occurs, :func:`kb.terms.terms` gives the
group's concept term (``~timezone``) in its place, in the index and in queries alike, so the two
meet.
"""

from __future__ import annotations

__all__ = ["CONCEPT_PREFIX", "SYNONYM_GROUPS"]

CONCEPT_PREFIX = "~"

SYNONYM_GROUPS: tuple[tuple[str, ...], ...] = (
    # kubectl short names (only those that are not also common words)
    ("persistentvolumeclaim", "pvc", "persistent volume claim", "volume claim"),
    ("persistentvolume", "pv", "persistent volume"),
    ("storageclass", "storage class"),
    ("namespace", "ns", "命名空间"),
    ("service", "svc", "服务"),
    ("statefulset", "sts"),
    ("daemonset", "ds"),
    ("configmap", "cm"),
    ("customresourcedefinition", "crd"),
    ("autoscale", "hpa", "horizontalpodautoscaler", "autoscaler", "autoscaling"),
    ("serviceaccount", "service account"),
    ("node", "节点"),
    ("kubernetes", "k8s"),
    ("fieldref", "downward api", "fieldpath"),
    # an error's POSIX name and the words programs print for it: Node.js prints the name (`listen
    # EADDRINUSE :::8081`), Go and C the message (`bind: address already in use`), Docker and FAQs
    # their own (`port is already allocated`, "Port already in use"), Windows another
    (
        "address already in use",
        "eaddrinuse",
        "port already in use",
        "port is already allocated",
        "only one usage of each socket address",
    ),
    # English – Chinese
    ("timezone", "time zone", "tz", "tzdata", "时区"),
    ("taint", "污点"),
    ("delete", "deletion", "deleted", "remove", "removed", "删除", "删不掉"),
    ("stuck", "hang", "hung", "卡在", "卡住"),
    ("certificate", "cert", "证书"),
    ("rotate", "rotation", "renew", "renewal", "expired", "expire", "expiry", "轮换", "过期"),
    ("image", "镜像"),
    ("container", "容器"),
    ("resource", "资源"),
    ("reserve", "reserved", "reservation", "预留"),
    ("limit", "限制", "上限", "too large", "too long", "too big", "maximum", "at most", "exceeds", "超过"),
    ("schedule", "scheduling", "scheduler", "调度"),
    ("load balance", "load balancing", "loadbalancer", "负载均衡"),
    ("high availability", "ha", "高可用"),
    ("environment variable", "env var", "环境变量"),
    ("kernel", "内核"),
    ("operating system", "操作系统"),
    (
        "dns",
        "域名",
        "解析",
        "域名解析",
        "resolve",
        "resolution",
        "name resolution",
        "nslookup",
        "dig",
        "resolv.conf",
        "coredns",
        "kube-dns",
    ),
    ("cluster", "集群"),
    ("network", "网络"),
    ("storage", "存储"),
    ("mount", "挂载"),
    ("timeout", "timed out", "超时"),
    ("permission", "权限"),
    ("port", "端口"),
    ("evict", "eviction", "驱逐"),
    ("disk", "磁盘"),
    ("memory", "内存"),
    ("process", "进程"),
    ("export", "导出"),
    ("field", "字段"),
    ("status", "state", "状态"),
    ("ignore", "hide", "忽略"),
    ("inject", "注入"),
    ("requirement", "require", "要求"),
    ("project", "项目"),
    ("swap", "交换分区"),
)
