"""The background word table: the script on a tiny folder, and the shipped table's shape and purpose."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from kb.terms import terms

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import background  # noqa: E402

SHIPPED = ROOT / "matcher" / "background.json"

FIXTURE = {
    "SOURCE.json": '{"repository": "example/ops", "commit": "' + "0" * 40 + '", "licence": "MIT", "paths": ["."]}',
    "docs/troubleshooting.md": """---
title: Front matter is not read
---
# Troubleshooting

Start here.

## Pod stuck

The kubelet failed to mount the volume.

```sh
# not a heading
kubectl describe pod
```
""",
    "main.go": """package main

func mount(ctx context.Context, path string) error {
	if err := unix.Mount(path); err != nil {
		log.G(ctx).WithError(err).Warnf("failed to mount %s", path)
		return fmt.Errorf("volume "+
			"mount failed: %w", err)
	}
	if missing {
		return status.Errorf(codes.NotFound, "pod %q not found", path)
	}
	fmt.Println("ok")
	return errors.New("kubelet failed")
}
""",
    "tool.py": """def check(name):
    if not name:
        raise ValueError(f"volume {name} not found")
    LOG.warning("mount failed for %(pod)s", {"pod": name})
    LOG.error("kubelet failed")
""",
    "main_test.go": 'func TestMount(t *testing.T) { t.Fatalf("tests are not read") }\n',
    "vendor/lib/README.md": "# Vendored code\n\nNot read either.\n",
}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    for name, text in FIXTURE.items():
        path = tmp_path / "ops" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return tmp_path / "ops"


def test_documents_are_sections_and_messages() -> None:
    assert background.markdown_sections(FIXTURE["docs/troubleshooting.md"]) == [
        "# Troubleshooting\n\nStart here.\n",
        "## Pod stuck\n\nThe kubelet failed to mount the volume.\n\n```sh\n# not a heading\nkubectl describe pod\n```",
    ]
    assert background.go_messages(FIXTURE["main.go"]) == [
        "failed to mount  ",
        "volume mount failed:  ",
        "pod   not found",
        "ok",
        "kubelet failed",
    ]
    assert background.python_messages(FIXTURE["tool.py"]) == [
        "volume   not found",
        "mount failed for  ",
        "kubelet failed",
    ]
    assert background.rst_sections("Install\n=======\n\nRun it.\n\nErrors\n------\nNone.\n") == [
        "Install\n=======\n\nRun it.\n",
        "Errors\n------\nNone.",
    ]


def test_the_script_counts_documents_per_term(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "background.json"
    assert background.main(["--write", str(out), str(folder)]) == 0
    assert json.loads(out.read_text()) == {
        "cut": {"max_terms": 12000, "min_documents": 1},
        "df": {
            "describe": 1,
            "failed": 5,
            "found": 2,
            "heading": 1,
            "here": 1,
            "kubectl": 1,
            "kubelet": 2,
            "not": 3,
            "pod": 2,
            "sh": 1,
            "start": 1,
            "troubleshooting": 1,
            "volume": 3,
            "~mount": 4,
            "~stuck": 1,
        },
        "documents": 8,
        "sources": [
            {
                "commit": "0000000000000000000000000000000000000000",
                "files": 3,
                "licence": "MIT",
                "messages": 6,
                "paths": ["."],
                "repository": "example/ops",
                "sections": 2,
            }
        ],
    }
    assert out.read_text().startswith('{"cut":{"max_terms":12000,"min_documents":1},"df":{"describe":1,')


def test_the_cut_keeps_at_most_max_terms(folder: Path) -> None:
    table = background.table([background.read_source(folder)], max_terms=5)
    assert table["cut"] == {"max_terms": 5, "min_documents": 3}
    assert table["df"] == {"failed": 5, "not": 3, "volume": 3, "~mount": 4}


def test_a_text_found_twice_is_one_document(folder: Path) -> None:
    twice = background.table([background.read_source(folder), background.read_source(folder)], max_terms=100)
    assert twice["documents"] == 8 and twice["df"]["failed"] == 5
    assert [s["sections"] + s["messages"] for s in twice["sources"]] == [8, 0]


# The shipped table.


@pytest.fixture(scope="module")
def shipped() -> dict[str, object]:
    data: dict[str, object] = json.loads(SHIPPED.read_text(encoding="utf-8"))
    return data


def df(table: dict[str, object]) -> dict[str, int]:
    counts = table["df"]
    assert isinstance(counts, dict)
    return counts


def test_shipped_table_is_compact_and_sorted(shipped: dict[str, object]) -> None:
    text = SHIPPED.read_text(encoding="utf-8")
    assert text == background.dumps(shipped)
    assert len(text.encode()) <= 250_000
    assert 5_000 <= len(df(shipped)) <= 12_000


def test_shipped_keys_are_terms_and_counts_are_documents(shipped: dict[str, object]) -> None:
    documents, cut = shipped["documents"], shipped["cut"]
    assert isinstance(documents, int) and documents >= 20_000
    assert isinstance(cut, dict)
    assert all(key in terms(key) for key in df(shipped))
    assert all(cut["min_documents"] <= n <= documents for n in df(shipped).values())


def test_shipped_sources_are_public_permissive_and_not_evaluation_text(shipped: dict[str, object]) -> None:
    sources = shipped["sources"]
    assert isinstance(sources, list) and 6 <= len(sources) <= 10
    evaluation = {"kubernetes/website", "docker/docs", "helm/helm", "argoproj/argo-cd", "containers/podman"}
    evaluation |= {"kubernetes/ingress-nginx", "dapr/docs", "kedacore/keda-docs", "fluxcd/website", "longhorn/website"}
    evaluation |= {"istio/istio.io", "vmware-tanzu/velero", "MicrosoftDocs/WSL", "github/docs"}
    evaluation |= {
        "kubernetes/minikube",
        "k3s-io/docs",
        "argoproj/argo-workflows",
        "gitlabhq/gitlabhq",
        "gitlab-org/gitlab",
        "tigera/docs",
        "python-poetry/poetry",
        "microsoft/vscode-docs",
        "rancher-sandbox/docs.rancherdesktop.io",
        "facebook/react-native-website",
        "pnpm/pnpm.io",
        "gatsbyjs/gatsby",
        "expo/expo",
        "vercel/next.js",
        "jupyter/notebook",
        "jupyterhub/jupyterhub",
        "crossplane/docs",
        "jestjs/jest",
        "vitejs/vite",
        "cypress-io/cypress-documentation",
        "k3d-io/k3d",
        "metallb/metallb",
        "open-telemetry/opentelemetry.io",
        "nvm-sh/nvm",
        "pypa/pipenv",
        "electron/electron",
        "eslint/eslint",
        "k0sproject/k0s",
        "yarnpkg/berry",
        "prisma/docs",
        "abiosoft/colima",
        "jekyll/jekyll",
        "ollama/ollama",
        "siderolabs/talos",
        "gohugoio/hugoDocs",
        "astral-sh/uv",
        "vitest-dev/vitest",
        "kyverno/website",
        "jdx/mise",
        "aws/karpenter-provider-aws",
        "kubernetes-sigs/cluster-api",
        "tauri-apps/tauri-docs",
        "eksctl-io/eksctl",
        "tilt-dev/tilt.build",
        "knative/docs",
        "tektoncd/pipeline",
        "actions/runner",
        "goharbor/website",
        "grafana/loki",
        "microsoft/playwright",
        "containerd/nerdctl",
        "rancher/rke2-docs",
        "open-policy-agent/gatekeeper",
        "pypa/pipx",
        "asdf-vm/asdf",
        "withastro/docs",
        "vercel/turbo",
        "ionic-team/capacitor-docs",
        "denoland/docs",
        "sveltejs/kit",
        "thanos-io/thanos",
        "lima-vm/lima",
        "kubernetes-sigs/external-dns",
        "rust-lang/rustup",
        "containers/buildah",
        "pypa/pip",
        "huggingface/accelerate",
        "grafana/tempo",
        "aws/amazon-vpc-cni-k8s",
        "openebs/website",
    }
    for s in sources:
        assert re.fullmatch(r"[0-9a-f]{40}", s["commit"]) and s["licence"] in {"Apache-2.0", "MIT", "BSD-3-Clause"}
        assert s["repository"] not in evaluation
    assert sum(s["sections"] + s["messages"] for s in sources) == shipped["documents"]


def test_ops_words_are_common_and_specific_words_are_rare(shipped: dict[str, object]) -> None:
    counts = df(shipped)

    def held(word: str) -> int:
        return counts.get(terms(word)[0], 0)

    common = {w: held(w) for w in ("controller", "manager", "service", "pod", "error", "failed")}
    rare = {w: held(w) for w in ("vmnetd", "etcdserver", "subuid")}
    assert min(common.values()) >= 250 and held("failed") >= 0.15 * int(str(shipped["documents"]))
    assert max(rare.values()) <= 80 and held("vmnetd") == 0
    assert min(common.values()) >= 3 * max(rare.values())
    assert held("error") >= 30 * held("subuid")
