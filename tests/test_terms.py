from kb.terms import fold, terms


def test_cjk_runs_become_overlapping_bigrams() -> None:
    assert terms("复杂均衡") == ["复杂", "杂均", "均衡"]
    assert terms("预留资源") == ["~reserve", "留资", "~resource"]
    assert terms("删除卡在 Terminating 状态的资源") == [
        "~delete",
        "除卡",
        "~stuck",
        "terminating",
        "~status",
        "态的",
        "的资",
        "~resource",
    ]


def test_english_error_text_is_not_stemmed() -> None:
    assert terms("x509: certificate is valid for") == ["x509", "~certificate", "valid"]
    assert fold("certificates") == "certificate" and fold("status") == "status" and fold("policies") == "policy"


def test_identifiers_stay_whole_and_add_their_parts() -> None:
    assert terms("10.96.0.1") == ["10.96.0.1"]
    assert terms("node.kubernetes.io/disk-pressure") == [
        "node.kubernetes.io/disk-pressure",
        "node.kubernetes.io",
        "disk-pressure",
        "~node",
        "~kubernetes",
        "io",
        "~disk",
        "pressure",
    ]


def test_camel_case_words_are_split() -> None:
    assert terms("NoVolumeZoneConflict") == ["novolumezoneconflict", "no", "volume", "zone", "conflict"]
    assert terms("pod has unbound immediate PersistentVolumeClaims") == [
        "pod",
        "unbound",
        "immediate",
        "~persistentvolumeclaim",
    ]


def test_synonyms_meet_on_one_concept() -> None:
    assert terms("time zone") == terms("时区") == terms("TZ") == ["~timezone"]
    assert terms("PVC") == terms("persistent volume claim") == ["~persistentvolumeclaim"]
    assert terms("env var") == terms("环境变量") == terms("environment variables") == ["~environment_variable"]
    # env alone is the program a shebang runs and a folder, not a variable: "env: 'node': No such file"
    assert terms("env: node") == ["env", "~node"]


def test_an_errors_posix_name_and_its_message_meet_on_one_concept() -> None:
    # Node.js prints the name, Go the message, Docker and FAQ headings their own words for it
    concept = ["~address_already_in_use"]
    assert terms("EADDRINUSE") == terms("address already in use") == terms("Port already in use") == concept
    assert terms("port is already allocated") == concept
    assert terms("Error: listen EADDRINUSE :::8081") == ["error", "listen", *concept]
    assert terms("listen tcp 127.0.0.1:26257: bind: address already in use") == [
        "listen",
        "tcp",
        "127.0.0.1:26257",
        "127.0.0.1",
        "bind",
        *concept,
    ]


def test_placeholders_are_single_terms() -> None:
    assert terms("valid for <ip>, not <ip>") == ["valid", "<ip>", "not", "<ip>"]


def test_numbers_are_not_terms_but_an_error_status_is() -> None:
    assert terms("retry 3 of 10 after 250 attempts, port 8080") == ["retry", "after", "attempt", "~port"]
    assert terms("I get 411 when uploading, 502 Bad Gateway") == ["get", "411", "uploading", "502", "bad", "gateway"]


def test_a_file_names_extension_is_not_a_word_of_the_text() -> None:
    # "npm WARN package.json …" says nothing about JSON: a topic titled "Invalid JSON" must not
    # gain a word from it. The name and its stem stay terms; the word JSON, written, stays one.
    assert terms("npm WARN package.json No readme") == ["npm", "warn", "package.json", "package", "no", "readme"]
    assert terms("node_modules/config.json") == [
        "node_modules/config.json",
        "node_module",
        "config.json",
        "~node",
        "module",
        "config",
    ]
    assert terms("server.go:495]") == ["server.go:495", "server.go", "server"]  # a line number after it
    assert terms("Unexpected token in JSON") == ["unexpected", "token", "json"]
    assert terms("registry.npmjs.org") == ["registry.npmjs.org", "registry", "npmj", "org"]
    assert terms(".yaml") == ["yaml"]
    # a product named for its language keeps the word people type: "node js version mismatch"
    assert terms("Node.js version") == ["node.j", "~node", "js", "version"]
    assert terms("Next.js") == ["next.j", "next", "js"]


def test_an_acronyms_plural_is_the_acronym() -> None:
    # "no available IPs" is about the IP a section's "IP assignment" names; the word as written
    # stays a term too ("server APIs"), and the plural's s is no camel-case word ("ps") of its own
    assert terms("no available IPs") == ["no", "available", "ips", "ip"]
    assert terms("too many PGs per OSD") == ["many", "pgs", "pg", "per", "osd"]
    assert terms("ceph-OSDs") == ["ceph-osd", "ceph", "osd"]
    assert terms("APIs URLs") == ["apis", "api", "url"]  # a longer word's plural folds as any word's
    # not an acronym's plural: camel case splits as before, an all-capital word stays whole
    assert terms("IPAddressPools") == ["ipaddresspool", "ip", "address", "pool"]
    assert terms("AWS") == ["aws"]


def test_a_heading_key_leaves_out_quotes_around_the_whole_heading() -> None:
    from kb.terms import heading_key

    assert heading_key('"Required environment variable not found"') == "required environment variable not found"
    assert heading_key("'Can't connect to MySQL server'") == "can't connect to mysql server"  # an apostrophe inside
    assert heading_key("‘Quoted’  Twice") == "‘quoted’ twice"  # not around the whole heading
    assert heading_key("‘Quoted’") == heading_key("`quoted`") == heading_key("“Quoted”") == "quoted"


def test_a_full_width_colon_keeps_the_space_it_carries() -> None:
    # Chinese text writes "：" with no space after it; folded to ":", it must not join two words into a name
    assert terms("提示：Error：EACCES") == terms("提示: Error: EACCES") == ["提示", "error", "eacce"]
    assert terms("Error:EACCES")[0] == "error:eacce"  # an ASCII colon with no space still joins a name


def test_a_qualified_class_name_gives_its_class_as_a_term() -> None:
    # a heading or a shorter trace names the class without its package: both give the class's term
    assert terms("java.lang.NoClassDefFoundError") == [
        "java.lang.noclassdeffounderror",
        "noclassdeffounderror",
        "java",
        "lang",
        "no",
        "class",
        "def",
        "found",
        "error",
    ]
    assert "connectionerror" in terms("requests.exceptions.ConnectionError: HTTPSConnectionPool")
    assert "filenotfoundexception" in terms("System.IO.FileNotFoundException")
    # a one-word class, a product's name and a path are no qualified compound class
    assert terms("url.Error") == ["url.error", "url", "error"]
    assert terms("Next.js") == ["next.j", "next", "js"]
    assert "noschedule" not in terms("node.kubernetes.io/disk-pressure:NoSchedule")
