#!/usr/bin/env python3
"""Read what the helpdesk tests need out of RT through REST 2.0.

rt.py URL PASSWORD count [PREFIX [STATUS]]  tickets whose key has PREFIX:
rt.py URL PASSWORD keys           one line per ticket: id key status
rt.py URL PASSWORD show KEY       the ticket with that key as JSON:
    id, status, priority, subject, cf (name -> value), history (the
    transaction types in order), contents (text of each attachment with
    content, in order)
"""
import base64
import json
import sys
import urllib.parse
import urllib.request

url, password, cmd = sys.argv[1], sys.argv[2], sys.argv[3]
auth = "Basic " + base64.b64encode(("root:" + password).encode()).decode()


def get(path):
    req = urllib.request.Request(url + "/REST/2.0/" + path,
                                 headers={"Authorization": auth})
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.load(r)


def search(query):
    out, page = [], 1
    while True:
        d = get("tickets?per_page=100&page=%d&fields=id&query=%s" %
                (page, urllib.parse.quote(query)))
        out += [int(i["id"]) for i in d["items"]]
        if page >= d["pages"]:
            return out
        page += 1


def ticket(i):
    t = get("ticket/%d" % i)
    cf = {c["name"]: (c["values"] or [None])[0] for c in t["CustomFields"]}
    return t, cf


if cmd == "count":
    prefix = sys.argv[4] if len(sys.argv) > 4 else "sense"
    q = "'CF.{Sense Key}' LIKE '%s:'" % prefix
    if len(sys.argv) > 5:
        q += " AND Status = '%s'" % sys.argv[5]
    print(len(search(q)))
elif cmd == "keys":
    for i in search("'CF.{Sense Key}' LIKE 'sense'"):
        t, cf = ticket(i)
        print(i, cf.get("Sense Key"), t["Status"])
elif cmd == "show":
    ids = search("'CF.{Sense Key}' = '%s'" % sys.argv[4])
    if len(ids) != 1:
        print(json.dumps({"error": "%d tickets" % len(ids)}))
        sys.exit(0)
    t, cf = ticket(ids[0])
    hist = get("ticket/%d/history?per_page=100&fields=Type" % ids[0])
    types, contents = [], []
    for h in hist["items"]:
        types.append(h["Type"])
        if h["Type"] not in ("Create", "Correspond", "Comment"):
            continue
        atts = get("transaction/%s/attachments?fields=Content,ContentType"
                   % h["id"])
        for a in atts["items"]:
            if a.get("Content") and a.get("ContentType") == "text/plain":
                contents.append(a["Content"])
    print(json.dumps({"id": ids[0], "status": t["Status"],
                      "priority": int(t["Priority"]),
                      "subject": t["Subject"], "cf": cf, "history": types,
                      "contents": contents}))
