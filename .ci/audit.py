#!/usr/bin/env python3
"""Dependency audit: pip-audit against PyPI's vulnerability data for the installed packages.

Exit 0: nothing known with a fix. Exit 1: a known vulnerability that has a fixed version (a real
finding: upgrade). Exit 75: the vulnerability service could not be reached, so nothing is known
either way (CI reports it and carries on). Vulnerabilities without any fix are listed, not fatal.
"""

import json
import subprocess
import sys

UNREACHABLE = 75


def main() -> int:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip_audit",
            "--vulnerability-service",
            "pypi",
            "--local",
            "--skip-editable",
            "--progress-spinner",
            "off",
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
    )
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        sys.stderr.write(result.stderr[-3000:])
        print("audit: the vulnerability service did not answer; nothing was checked.")
        return UNREACHABLE
    dependencies = report.get("dependencies", [])
    skipped = [d for d in dependencies if d.get("skip_reason")]
    audited = len(dependencies) - len(skipped)
    if dependencies and not audited:
        # pip-audit marks each package it could not look up instead of failing: when none was
        # looked up, the service was out of reach and nothing is known either way.
        print(
            f"audit: none of {len(dependencies)} packages could be looked up "
            f"({skipped[0]['skip_reason']}); nothing was checked."
        )
        return UNREACHABLE
    for dependency in skipped:
        print(f"audit: not checked: {dependency['skip_reason']}")
    fixable, unfixed = [], []
    for dependency in dependencies:
        for vuln in dependency.get("vulns", []):
            line = f"{dependency['name']} {dependency['version']}: {vuln['id']}"
            if vuln.get("fix_versions"):
                fixable.append(f"{line} (fixed in {', '.join(vuln['fix_versions'])})")
            else:
                unfixed.append(f"{line} (no fix released yet)")
    for line in unfixed:
        print(f"audit: known, no fix yet: {line}")
    for line in fixable:
        print(f"audit: VULNERABLE: {line}")
    checked = audited
    if fixable:
        print(f"audit: {len(fixable)} fixable vulnerabilities in {checked} packages.")
        return 1
    print(f"audit: {checked} packages checked, no known vulnerability with a fix.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
