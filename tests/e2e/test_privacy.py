from tests.e2e.test_visitor import block_other_hosts


def test_no_public_page_contacts_another_host(page, site, language_paths):
    assert len(language_paths) >= 30
    foreign, problems = [], []
    block_other_hosts(page, site, foreign)
    page.on("console", lambda message: problems.append(message.text)
            if message.type in ("error", "warning") else None)  # fmt: skip
    for path in language_paths:
        page.goto(site + path, wait_until="networkidle")
        assert foreign == [], f"{path} asked other hosts: {foreign}"
    assert problems == [], problems


def test_pages_break_no_content_security_policy_rule(page, site, public_paths):
    violations = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)  # fmt: skip
    for path in public_paths:
        page.goto(site + path)
    assert violations == []
