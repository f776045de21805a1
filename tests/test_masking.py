"""Each masking rule with a literal text in and the masked text out."""

import pytest

from matcher.masking import mask
from matcher.spec import SPEC

MASK_RULES = SPEC.masking.rules

CASES = [
    ("url", "Get https://10.0.54.63:6443/api?timeout=32s: tls", "Get <url>: tls"),
    # a backtick around a URL is markup, and a scheme alone is the message's own words
    ("url", "see `https://pris.ly/d/x` for `postgresql://` URLs", "see `<url>` for `postgresql://` URLs"),
    ("uuid", "orphaned pod 0c4e3d2a-1b2c-4d5e-8f90-123456789abc found", "orphaned pod <uuid> found"),
    (
        "digest",
        "parent snapshot sha256:0b16ab2571f4b3e0d5a96b66a00e5016 does not exist",
        "parent snapshot <digest> does not exist",
    ),
    ("hex", "is reserved for 6a37ff9b916561e21557c3f39e5b7b2c4f1a21c9", "is reserved for <hex>"),
    ("ip", "valid for 10.10.1.2, 10.43.0.1, not 123.123.123.123", "valid for <ip>, <ip>, not <ip>"),
    ("ip", "dial tcp 10.240.0.22:10250: i/o timeout", "dial tcp <ip>: i/o timeout"),
    ("ip", "pod CIDR 10.244.0.0/16 and [::1]:443 and fe80::1ff:fe23:4567:890a", "pod CIDR <ip> and <ip> and <ip>"),
    # crossed out, as docs and pastes hide an address; a version written x.x.x is no address
    ("ip", "address [xxx.xxx.xxx.xxx:xx], 10.x.x.x:2380 and XX.XX.XX.XX", "address [<ip>], <ip> and <ip>"),
    (
        "q",
        'failed to create a sandbox for pod "cron-1594372200-lmkcb": timeout',
        "failed to create a sandbox for pod <q>: timeout",
    ),
    (
        "q",
        'failed to reserve container name "": name "" is reserved for',
        "failed to reserve container name <q>: name <q> is reserved for",
    ),
    ("path", "failed to find plugin in path [/opt/cni/bin]", "failed to find plugin in path [<path>]"),
    ("path", "cannot open $HOME/.config/app.yaml: denied", "cannot open <path>: denied"),  # docs write the variable
    ("path", "open ${KUBECONFIG_DIR}/config failed, $5/month", "open <path> failed, $<num>/month"),
    ("path", "costs $USD/month; open $GOPATH/src/app", "costs $USD/month; open <path>"),  # a variable's folder
    ("path", "open $HOME/config.yaml: no such file", "open <path>: no such file"),  # a file in it
    ("path", r"$env:USERPROFILE\.kube\config missing", "<path> missing"),  # PowerShell's
    ("path", r"open %USERPROFILE%\.kube\config: denied at 100% (%d%)", "open <path>: denied at <num>% (%d%)"),
    # quoted relative to where the program runs, a file's path as an absolute one is: one placeholder
    (
        "path",
        'open \'upload/encoded-video/.immich\', read "charts/app/values.yaml"; pull "docker.io/library/redis"',
        "open <path>, read <path>; pull <q>",
    ),
    # the file a Go program failed on is a path, relative too; not a word after "open" in prose
    (
        "path",
        "open credentials/cloud: no such file or directory; stat app.yaml: denied; open the door: no",
        "open <path>: no such file or directory; stat <path>: denied; open the door: no",
    ),
    (
        "path",
        r"open .env: no such file; open config\app.yaml: not found",
        "open <path>: no such file; open <path>: not found",
    ),
    # Windows paths, and a quoted path with spaces in it, are one variable too; an apostrophe is no quote.
    (
        "path",
        r"Error: Cannot find module 'E:\Videos\Web Engineering\vite\bin\vite.js'",
        "Error: Cannot find module <path>",
    ),
    (
        "path",
        r"EPERM: operation not permitted, unlink C:\Users\me\AppData\npm-cache\x.json, and it's '/Users/me/My Work/a'",
        "EPERM: operation not permitted, unlink <path>, and it's <path>",
    ),
    # a quoted message that starts with a path is no path; brackets end a Windows path; forward slashes too
    ("path", r'msg: "/usr/bin/python: not found" at (C:\temp\x.log).', 'msg: "<path>: not found" at (<path>).'),
    ("path", r"git -C 'C:/Program Files/Git/repo' failed; x:\n at foo", r"git -C <path> failed; x:\n at foo"),
    # A path is one variable, whatever ids its folders are named by (devices, pods, layers).
    (
        "path",
        "stat failed on /dev/mapper/luks-e8784b69-7ba6-4cad-823e-afb6f3314f9e with error",
        "stat failed on <path> with error",
    ),
    (
        "path",
        "Orphaned pod found: /var/lib/kubelet/pods/69d873c0-53b4-4a5e-9f1c-0123456789ab/volume-subpaths",
        "Orphaned pod found: <path>",
    ),
    (
        "path",
        "open /var/lib/docker/containers/6a37ff9b916561e21557c3f39e5b7b2c4f1a21c9/config.v2.json: no such file",
        "open <path>: no such file",
    ),
    ("pod", "pod (redis-595045062-jv9wh) failed to fit", "pod (<pod>) failed to fit"),
    ("pod", "Killing pod my-cache-c4tw5-qfdr5 now", "Killing pod <pod> now"),
    # before Kubernetes 1.8 the suffix took any letter; a version's date and hash after a dot is no pod
    (
        "pod",
        "to pod tiller-deploy-2117266891-e4lev_kube-system, uid; chart 1.2.3-20240101-abcde",
        "to pod <pod>_kube-system, uid; chart 1.2.3-<num>-abcde",
    ),
    # a name after a dot (a Fluent Bit tag) is masked whole, not from its first dash
    ("pod", "tag kube.var.log.containers.web-7d4b9c8f6-x2k4p_default", "tag kube.var.log.containers.<pod>_default"),
    (  # kubelet's pod_namespace(uid): the namespace is the pod's, another value in every paste
        "pod",
        "in pod web-5f6d7c8b9c-qzt7w_prod(9a8b7c6d-1111-2222-3333-444455556666)",
        "in pod <pod>(<uuid>)",
    ),
    ("host", "connecting to redis.o2o-sales.svc.cluster.local:6379. failure", "connecting to <host>. failure"),
    ("dur", "Back-off 2m53s restarting after 300ms", "Back-off <dur> restarting after <dur>"),
    ("dur", "scrape took 3m12.481923s, over the limit", "scrape took <dur>, over the limit"),
    (
        "qty",
        "Usage of EmptyDir volume exceeds the limit 1m of 512Mi",
        "Usage of EmptyDir volume exceeds the limit <qty> of <qty>",
    ),
    (  # IEC units spelled with their B, as colima and lima print them
        "qty",
        "default  Broken  aarch64  4  8GiB  100GiB  1.5TiB",
        "default  Broken  aarch64  <num>  <qty>  <qty>  <qty>",
    ),
    (
        "num",
        "0/10 nodes are available: 3 node(s) had taint",
        "<num>/<num> nodes are available: <num> node(s) had taint",
    ),
    ("num", "node_lifecycle_controller.go:1433 zone", "node_lifecycle_controller.go:<num> zone"),
    # an HTTP status is the error: Go's "404 page not found", a status ending the line; other numbers vary
    ("num", "404 page not found after 404 ms", "404 page not found after <num> ms"),
    ("num", "HTTP/2 503", "HTTP/<num> 503"),
    ("num", "Error 400: redirect_uri_mismatch after 3 tries", "Error 400: redirect_uri_mismatch after <num> tries"),
    ("num", "ERROR 502 from Mirror 503 times", "ERROR 502 from Mirror <num> times"),  # a word ending in "rror"
    ("num", "HTTPError 503 again, http_error 404 in 3 s", "HTTPError 503 again, http_error 404 in <num> s"),
    (
        "num",
        "404 error on request sync, 450 errors, exit code 1",
        "404 error on request sync, <num> errors, exit code <num>",
    ),
    ("num", "curl: (22) The requested URL returned error: 503", "curl: (<num>) The requested URL returned error: 503"),
    ("host", "Connection to localhost:5432 refused", "Connection to <host> refused"),  # an example's host
]


@pytest.mark.parametrize(("rule", "text", "masked"), CASES)
def test_rule(rule: str, text: str, masked: str) -> None:
    result = mask(text)
    assert result.text == masked
    assert rule in result.rules


def test_a_version_written_with_xs_is_no_crossed_out_address() -> None:
    result = mask("upgrade to 1.x.x or v2.x.x.x from x.x, Java 1.8.0.x, Kubernetes 1.28.x.x")
    assert (result.text, result.rules) == (
        "upgrade to 1.x.x or v2.x.x.x from x.x, Java 1.8.0.x, Kubernetes 1.28.x.x",
        (),
    )


def test_every_rule_has_a_literal_case() -> None:
    assert {r.name for r in MASK_RULES} == {rule for rule, _, _ in CASES}


def test_values_are_kept_in_order() -> None:
    result = mask('certificate is valid for 10.0.0.1, 10.96.0.1, not 34.12.56.78 for pod "web-0"')
    assert result.values == (("ip", "10.0.0.1"), ("ip", "10.96.0.1"), ("ip", "34.12.56.78"), ("q", '"web-0"'))


def test_quotes_around_a_masked_value_belong_to_it() -> None:
    assert mask('orphaned pod "0c4e3d2a-1b2c-4d5e-8f90-123456789abc" found').text == "orphaned pod <uuid> found"


def test_words_with_dots_are_not_hosts_or_numbers() -> None:
    assert mask("node.kubernetes.io/disk-pressure x509 v1beta1 k8s.gcr.io/pause").text == (
        "node.kubernetes.io/disk-pressure x509 v1beta1 k8s.gcr.io/pause"
    )


def test_a_number_joined_to_a_word_by_a_hyphen_is_part_of_the_word() -> None:
    # HTTP-01, DNS-01, UTF-8 name things; a signed number after a space is still a number.
    assert mask("Waiting for HTTP-01 challenge, UTF-8 text, exit code -1").text == (
        "Waiting for HTTP-01 challenge, UTF-8 text, exit code <num>"
    )


def test_an_errno_is_the_error_and_is_kept() -> None:
    """Rust's ``(os error 32)`` is a broken pipe and ``(os error 2)`` a missing file; Python's ``[Errno 13]``
    and a log's ``errno 28`` name theirs too. An exit status is the step's, and still a variable."""
    assert mask("Broken pipe (os error 32); [Errno 13] Permission denied; errno 28").text == (
        "Broken pipe (os error 32); [Errno 13] Permission denied; errno 28"
    )
    assert mask("exit status 1, exit code 137, error 32").text == "exit status <num>, exit code <num>, error <num>"


def test_an_error_status_names_the_error_and_is_kept() -> None:
    # A proxy's error page: its status, before its reason, is the message; closing tags are not paths.
    assert mask("<title>411 Length Required</title> responseStatus=413 Request Entity Too Large").text == (
        "<title>411 Length Required</title> responseStatus=413 Request Entity Too Large"
    )
    # Other numbers of that size are still variables: a pid, a port, a status without its reason.
    assert mask("Killed process 512 (java) on port 443, returned 404; port 443 is closed, 450 errors").text == (
        "Killed process <num> (java) on port <num>, returned <num>; port <num> is closed, <num> errors"
    )
    assert mask("HTTP/1.1 502 Bad Gateway").text == "HTTP/<num> 502 Bad Gateway"
    assert mask("cat </etc/passwd").text == "cat <<path>"


def test_a_quoted_error_code_is_the_error_and_is_kept() -> None:
    # Node's {"code":"ENOSPC",…} and npm's code 'EACCES': the code is all the line says; keys are names.
    assert mask('{"code":"ENOSPC","errno":"ENOSPC","syscall":"watch"}').text == '{<q>:"ENOSPC",<q>:"ENOSPC",<q>:<q>}'
    assert mask("npm ERR! code 'EACCES' at 'Entry'").text == "npm ERR! code 'EACCES' at <q>"
    assert mask("can't find 'Foo' in 'eRRNO'").text == "can't find <q> in <q>"
    # the value of a code field is the error's code, whatever its shape (Azure's Code="QuotaExceeded")
    assert mask('Code="QuotaExceeded" Message="x"').text == 'Code="QuotaExceeded" Message=<q>'
    assert mask('[{"code": "RequestDisallowedByPolicy","target":"aks"}]').text == (
        '[{<q>: "RequestDisallowedByPolicy",<q>:<q>}]'
    )
    # Only errno names: other quoted capitals are names; a Python 2 u'…' or Ruby's =>"…" is a value.
    assert mask("variable \"ELASTIC_PASSWORD\" and 'EXPERIMENT' unset").text == "variable <q> and <q> unset"
    assert mask("KeyError: u'database'").text == "KeyError: u<q>"
    assert mask('{"error"=>"invalid_grant"}').text == "{<q>=><q>}"
    assert mask("value 'E100' is not valid").text == "value <q> is not valid"
    assert mask("code: 'ERR_OSSL_EVP_UNSUPPORTED', npm \"EBADENGINE\" 'E404'").text == (
        "code: 'ERR_OSSL_EVP_UNSUPPORTED', npm \"EBADENGINE\" 'E404'"
    )


def test_a_number_ends_where_its_digits_do() -> None:
    assert mask("python3.11 wants version 3.11.4, found 2").text == "python3.11 wants version 3.11.4, found <num>"


def test_masking_is_idempotent() -> None:
    once = mask('10.0.0.1:443 "web-0" 2m53s /var/lib/kubelet 1Gi').text
    assert mask(once).text == once
