"""Accuracy on knowledge bases the model was not fitted on, and the labelled data it rests on.

``benchmarks/calibrate.py`` fits one model per labelled knowledge base on all the others
(``benchmarks/folds/<name>.json``, each naming what it was trained on) and the shipped model on
all of them. Here every fold model is measured on the knowledge base it left out: these are the
figures ``benchmarks/README.md`` reports, and a change that makes any of them worse fails. The
floors are today's figures less a small margin, not the issue's targets; see the README.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import CONTENT, DATA, ROOT

from kb import open_kb
from kb.terms import heading_key
from matcher.evaluate import Case, Report, evaluate, load_cases
from matcher.matcher import Matcher
from matcher.model import load

FOLDS = ROOT / "benchmarks" / "folds"
KBS = DATA / "kbs"
SPOT = DATA / "spot"
"""Spot checks: pages nobody here had used, 10-16 real pastes each, held out of every fit."""
FAQ_CASES = (DATA / "dev-pastes.jsonl", DATA / "pastes-real.jsonl", DATA / "pastes-negative.jsonl")

# name: (answered, ranked top-1, refused, confidently wrong at most), on real pastes and negatives
FLOORS = {
    "k8s-faq": (0.46, 0.88, 0.95, 0.02),
    "argo-cd": (0.28, 0.67, 0.76, 0.05),
    "cert-manager": (0.36, 0.69, 0.81, 0.08),  # 0.42 -> 0.39 on a refit: near-ties at 0.80-0.83
    "gitlab-runner": (0.28, 0.81, 0.88, 0.08),
    "helm": (0.16, 0.80, 0.67, 0.03),
    "homebrew": (0.16, 0.77, 0.89, 0.03),
    "kind": (0.13, 0.61, 0.70, 0.03),  # 14 or 15 of its 20 negatives, as refits move the threshold
    "podman": (0.23, 0.70, 0.80, 0.05),
}

# Knowledge bases kept out of every fit (benchmarks/calibrate.py HELD_OUT): the shipped model on them.
HELD_OUT_FLOORS = {
    "flutter": (0.80, 0.93, 0.53, 0.05),
    "npm": (0.21, 0.70, 0.62, 0.04),
    # 10-16 real pastes and 4 negatives each: one paste moves a figure by 0.06-0.10
    "dapr": (0.12, 0.87, 0.75, 0.07),
    "flux": (0.30, 0.76, 0.75, 0.08),
    "ingress-nginx": (0.0, 0.53, 0.75, 0.08),
    "keda": (0.30, 0.90, 0.75, 0.10),
    "longhorn": (0.15, 0.84, 0.75, 0.08),
    "istio": (0.0, 0.61, 0.75, 0.08),
    "velero": (0.38, 0.83, 0.50, 0.06),
    "wsl": (0.30, 0.73, 0.75, 0.08),
    "github-ssh": (0.24, 0.52, 0.50, 0.08),
    "minikube": (0.20, 0.55, 0.75, 0.08),
    "k3s": (0.10, 0.58, 0.75, 0.08),
    "argo-workflows": (0.40, 0.83, 0.75, 0.08),
    "gitlab-git": (0.52, 0.70, 0.25, 0.12),
    "calico": (0.31, 0.75, 0.75, 0.13),  # 16 pastes; two BGP entries (a topic, an error) near-tie on "not ready"
    "poetry": (0.35, 0.70, 0.75, 0.07),
    "vscode-remote": (0.25, 0.60, 0.75, 0.05),
    "rancher-desktop": (0.35, 0.70, 0.75, 0.07),
    "react-native": (0.60, 0.82, 0.75, 0.05),
    "pnpm": (0.38, 0.66, 0.50, 0.05),
    "gatsby": (0.70, 0.90, 0.75, 0.05),
    "expo": (0.47, 0.88, 0.50, 0.06),
    "nextjs-errors": (0.70, 0.91, 0.50, 0.05),
    "jupyter": (0.05, 0.61, 0.75, 0.06),  # top-1 0.78 -> 0.67 on a refit: two near-ties at 0.15-0.24
    "crossplane": (0.0, 0.30, 0.80, 0.06),
    "jest": (0.05, 0.50, 0.75, 0.06),  # five versions of one page, four byte-identical
    "vite": (0.70, 0.85, 0.80, 0.05),  # 24 real pastes, 6 negatives
    "cypress": (0.30, 0.70, 0.75, 0.06),  # 17 real pastes
    "k3d": (0.63, 0.78, 0.50, 0.06),  # 19 real pastes, 4 negatives
    "metallb": (0.05, 0.23, 0.75, 0.06),  # a guide: 23 of 24 entries are topics; 17 real pastes
    "nvm": (0.05, 0.38, 0.75, 0.06),  # a README: 53 topics, problems in bold lines; 18 real pastes
    "pipenv": (0.20, 0.60, 0.75, 0.05),  # "Issue: …" symptom headings; 20 real pastes
    "electron": (0.10, 0.50, 0.50, 0.06),  # six pages; errors quoted in prose; 19 real pastes
    "otel-collector": (0.0, 0.50, 0.75, 0.07),  # 16 real pastes; symptom headings, answers that quote no log
    "eslint": (0.83, 0.90, 0.75, 0.05),  # six small pages, one error each; 24 real pastes
    "colima": (0.40, 0.53, 0.25, 0.13),  # 16 real pastes; one negative is the heading's message, another cause
    "jekyll": (0.23, 0.61, 0.50, 0.04),  # 21 real pastes; two negatives are its Liquid message, another cause
    "ollama": (0.04, 0.42, 0.80, 0.05),  # 21 real pastes; 42 of 44 entries quote no error
    "talos": (0.0, 0.11, 0.80, 0.06),  # 17 real pastes; symptom headings, answers that paraphrase
    "hugo": (0.0, 0.83, 0.75, 0.06),  # 18 real pastes, nine in an older wording of the quoted message
    "uv": (0.05, 0.27, 0.75, 0.07),  # 15 real pastes; headings that describe a cause
    "vitest": (0.30, 0.68, 0.75, 0.06),  # 16 real pastes
    "kyverno": (0.14, 0.28, 0.75, 0.08),  # 14 real pastes; two: one message from two causes
    "mise": (0.14, 0.64, 0.80, 0.08),  # 14 real pastes; held out from every rule of its round
    "k0s": (0.0, 0.68, 0.83, 0.06),  # symptom and question headings; answers quote almost no output
    "karpenter": (0.50, 1.0, 0.80, 0.05),  # 20 real pastes; 0.45 before zap lines wrapped at one width were read
    "cluster-api": (0.69, 1.0, 0.80, 0.08),  # 13 real; escaped captured output, twins told apart by heading words
    "tauri": (0.41, 0.58, 1.0, 0.08),  # 12 real pastes; three guide pages, three entries name a failure
    "eksctl": (0.33, 0.44, 1.0, 0.05),  # 18 real; 0.28 before a block after "or" was shown first too
    "tilt": (0.13, 0.60, 1.0, 0.05),  # 15 real pastes; questions quoting older wordings of messages
    # 22 real; checklists. 0.18 answered while zap lines were cut at their stack trace's escaped breaks:
    # four pastes were answered on the trace's function names, read as text; still ranked first
    "knative": (0.0, 0.63, 1.0, 0.05),
    "tekton": (0.29, 0.64, 0.83, 0.06),  # 17 real pastes; config how-tos named after the fix, not the message
    "actions-runner": (0.12, 0.31, 0.42, 0.06),  # 16 real; check pages quoting the diagnostic log's form, whose
    # near-miss negatives differ only in the inner exception (a .NET chain's --->), which no rule weighs yet
    "harbor": (0.0, 0.46, 0.80, 0.07),  # 15 real; four situation headings, no message quoted
    "loki": (0.52, 0.60, 0.83, 0.13),  # 23 real; 202 entries on three pages, "### Error:" sections
    "playwright": (0.0, 0.47, 0.80, 0.06),  # 19 real; two how-to pages, no heading names an error
    "nerdctl": (0.05, 0.70, 0.85, 0.06),  # 17 real; a FAQ of how-tos, five error headings
    "rke2": (0.07, 0.64, 0.85, 0.07),  # 14 real; known issues named after the cause, no message quoted
    "gatekeeper": (0.0, 0.14, 0.80, 0.07),  # 14 real; one error quoted in four pages, platform entries
    "pipx": (0.25, 0.56, 0.85, 0.06),  # 16 real; causes described in prose, two error headings
    "asdf": (0.0, 0.0, 0.83, 0.07),  # 15 real; seven question headings, none quotes a message
    "astro": (0.63, 0.94, 0.50, 0.06),  # 19 real; error pages answering under "What went wrong?" (not held out of it)
    "turborepo": (0.0, 0.26, 0.83, 0.07),  # 15 real; error pages named, not quoting, their message; symptom FAQ
    "capacitor": (0.56, 0.75, 0.50, 0.13),  # 16 real; `Error: "…"` headings, one with a wildcard (not held out of it)
    "deno": (0.17, 0.88, 0.57, 0.06),  # 17 real; errors in bullets and prose of five guide pages
    "sveltekit": (0.0, 0.63, 0.83, 0.06),  # 19 real; an FAQ of "How do I …?" questions, none quotes a message
    "thanos": (0.53, 0.93, 0.71, 0.07),  # 15 real; log lines quoted whole, the cause in reason= (not held out of it)
    "lima": (0.0, 0.35, 0.87, 0.06),  # 17 real; an FAQ of quoted questions and symptoms, and caveats
    "external-dns": (0.0, 0.31, 0.83, 0.07),  # 16 real; an FAQ of questions, errors quoted in four answers
    "rustup": (0.23, 0.35, 0.83, 0.06),  # 17 real; an FAQ and three guide pages, errors named, not quoted
    "buildah": (0.05, 0.83, 0.88, 0.06),  # 18 real; numbered problems, each a Symptom console block and a Solution
    "pip": (0.69, 0.92, 0.75, 0.04),  # 26 real; an error index, one section per code pip prints (`error: <code>`)
    "accelerate": (
        0.14,
        0.92,
        0.85,
        0.08,
    ),  # 14 real; topics, one quoting a traceback tagged as Python (not held out of it)
    "tempo": (0.61, 0.83, 0.80, 0.06),  # 18 real; fourteen Hugo pages, logfmt lines quoted whole, limits in prose
    "vpc-cni": (0.14, 0.42, 0.66, 0.08),  # 14 real; tips named after their advice, one crash log quoted
    "openebs": (0.06, 0.68, 0.85, 0.13),  # 16 real; two versioned pages, whole event dumps quoted as the error
    # 2026-12-05, seven new users' pages (12-26 real pastes and 5 negatives each), after this round's rules
    "dubbo": (0.0, 0.45, 0.80, 0.05),  # Chinese error-code pages whose answers quote no message
    "conda-libmamba": (0.0, 0.25, 0.60, 0.09),  # a solver's FAQ: symptoms in the author's words
    "intellij-gradle": (0.30, 0.84, 0.80, 0.08),
    "cockroachdb": (0.72, 0.84, 0.60, 0.04),  # an errors page indexing its messages in a table
    "aks-support": (0.54, 0.80, 0.40, 0.16),  # sibling articles whose errors differ by an exit status
    "devops-notes": (0.40, 0.70, 0.80, 0.12),  # a personal notes tree
    "nacos": (0.80, 0.80, 0.80, 0.07),
    # 2026-12-05, three more new users' pages (17-21 real pastes and 5 negatives each)
    "grafana": (0.60, 0.64, 0.40, 0.10),  # Error-message labels listing quotes; scrape errors as near-misses
    "rook": (0.23, 0.82, 0.80, 0.07),  # errors quoted whole under headings in the author's words
    "seata": (0.45, 0.89, 0.60, 0.07),  # a Chinese FAQ: errors glued to Chinese words, HTML headings
    # 2026-12-05, a new user's page, measured before this round's rule (figures then in its NOTES.md)
    "trivy": (0.78, 0.91, 0.50, 0.05),  # MkDocs `!!! error` boxes hold each message; 23 real, 6 negatives
    "kubebuilder": (0.81, 0.95, 0.85, 0.05),  # measured first (unseen): 19/22 answered, 22/22 top-1, 7/7 refused
    "eks": (0.26, 0.88, 0.77, 0.04),  # measured first (unseen): 8/26 answered, 24/26 top-1, 8/9 refused
}


def _labelled(name: str) -> tuple[Path, list[Case]]:
    if name == "k8s-faq":
        return CONTENT, [c for f in FAQ_CASES for c in load_cases(f)]
    folder = KBS / name if (KBS / name).is_dir() else SPOT / name
    return folder / "docs", load_cases(folder / "pastes.jsonl")


@pytest.mark.slow
@pytest.mark.parametrize("name", FLOORS)
def test_left_out_knowledge_base_keeps_its_figures(name: str) -> None:
    fold = json.loads((FOLDS / f"{name}.json").read_text("utf-8"))
    assert name not in fold["trained_on"] and len(fold["trained_on"]) == len(FLOORS) - 1
    root, cases = _labelled(name)
    with open_kb(root) as kb:
        report = evaluate(cases, kb, load(FOLDS / f"{name}.json"))
    _holds(report, FLOORS[name])


@pytest.mark.parametrize("name", HELD_OUT_FLOORS)
def test_the_shipped_model_keeps_its_figures_on_knowledge_bases_it_never_saw(name: str) -> None:
    for fold in FOLDS.glob("*.json"):
        assert name not in json.loads(fold.read_text("utf-8"))["trained_on"], fold
    assert not (FOLDS / f"{name}.json").exists()
    root, cases = _labelled(name)
    with open_kb(root) as kb:
        report = evaluate(cases, kb, load(ROOT / "matcher" / "model.json"))
    _holds(report, HELD_OUT_FLOORS[name])


@pytest.mark.slow
@pytest.mark.parametrize("name", ["k8s-faq", "podman"])
def test_a_tree_keeping_four_versions_of_the_page_keeps_its_figures(name: str, tmp_path: Path) -> None:
    """Docusaurus's ``versioned_docs``: each problem written four times is still one problem, its
    error text not shared with another (before, answered 0.19 and 0.17), listed once (top-3)."""
    import shutil

    root, cases = _labelled(name)
    for k in range(4):  # the FAQ's README describes the FAQ: below the top it would be a page of its own
        shutil.copytree(root, tmp_path / "kb" / f"version-{k}", ignore=shutil.ignore_patterns("README.md"))
    with open_kb(tmp_path / "kb") as kb:
        assert len(kb) == 4 * {"k8s-faq": 50, "podman": 43}[name]  # podman's title holds only a rule: a group
        report = evaluate(cases, kb, load(FOLDS / f"{name}.json"))
    _holds(report, FLOORS[name])
    assert report.figures_by_kind()["real"]["top3"] >= {"k8s-faq": 0.95, "podman": 0.82}[name]


def test_the_bundled_faq_keeps_its_figures_with_its_own_model_on_pastes_it_was_not_fitted_on() -> None:
    # content/.kbfind/calibration.json is benchmarks/calibrate.py's refit on all the FAQ's labelled
    # cases; here it is refitted five times, each time without one fifth of the source threads.
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from calibrate import bundled, labelled

    own, crossed = bundled(labelled()[0])
    shipped = load(CONTENT / ".kbfind" / "calibration.json")
    assert own.threshold == shipped.threshold and own.coef == pytest.approx(shipped.coef, abs=1e-6)
    real, everything = crossed["real"], crossed["all"]
    _holds_figures(real, everything, (0.85, 0.93, 0.92, 0.03))  # issue 10's targets for the bundled FAQ


def _holds(report: Report, floors: tuple[float, float, float, float]) -> None:
    _holds_figures(report.figures_by_kind()["real"], report.figures, floors)


def _holds_figures(
    real: dict[str, float], everything: dict[str, float], floors: tuple[float, float, float, float]
) -> None:
    answered, top1, refused, wrong = floors
    assert real["answered"] >= answered, real
    assert real["top1"] >= top1, real
    assert everything["refused"] >= refused, everything
    assert real["confident_wrong"] <= wrong, real


@pytest.mark.parametrize("name", [*FLOORS, *HELD_OUT_FLOORS])
def test_every_heading_typed_as_written_is_answered_first_by_its_own_entry(name: str) -> None:
    # Even beside a near-twin that scores higher ("1 node(s) had …" and "node(s) had …";
    # ".../ruby^M: no such file" and ".../ruby"): typing an entry's name is a look-up.
    root, _ = _labelled(name)
    with open_kb(root) as kb:
        matcher = Matcher(kb)
        for e in kb.entries():
            if not e.title.strip():
                continue  # Playwright's "######" before a language's paragraph: nothing to type (kb lint: an error)
            found = matcher.match(e.title)
            # or its twin: pages of one site may share a heading ("Applicable versions"), kb lint says so
            assert found and heading_key(found[0].entry.title) == heading_key(e.title), (e.title, found[:1])


def test_every_knowledge_base_is_labelled_enough_and_sourced() -> None:
    authors = set()
    for kb in sorted(p for p in KBS.iterdir() if p.is_dir()):
        cases = load_cases(kb / "pastes.jsonl")
        kinds = [c.kind for c in cases]
        assert kinds.count("real") >= 40 and kinds.count("negative") >= 12 and kinds.count("paraphrase") >= 8, kb
        assert all(c.source for c in cases), kb
        source = (kb / "SOURCE.md").read_text("utf-8")
        assert "icen" in source, f"{kb}/SOURCE.md names no licence"
        authors.add(kb.name)
        assert list((kb / "docs").glob("*.md")), kb
    assert len(authors) >= 6
    faq = [c for f in FAQ_CASES for c in load_cases(f)]
    assert len(faq) >= 180 and all(c.source for c in faq)


def test_a_label_names_its_entry_as_written() -> None:
    """Labels are headings as their authors wrote them: markup in them is not part of the title."""
    root, cases = _labelled("argo-cd")
    wanted = {e for c in cases for e in c.expect}
    with open_kb(root) as kb:
        titles = {e.title for e in kb.entries()}
    from matcher.evaluate import same_title

    assert all(any(same_title(t, w) for t in titles) for w in wanted)
