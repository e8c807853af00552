# A whole invoicing flow driven by Debian's python3-stripe (stripe-python 5.0.0,
# built for API version 2022-11-15) against a running InvoiceKit, unchanged: the
# library as an old integration uses it. It sends no Stripe-Version header, so the
# account's default version (set here to the library's own) decides the shapes, and
# it sends booleans as Python writes them (`True`/`False`).
#
#   /usr/bin/python3 test/compat/python/flow.py http://127.0.0.1:PORT
#
# Prints one line per check and ends with PASS or FAIL (exit status 1).
import base64
import http.server
import json
import os
import queue
import sys
import threading
import time
import traceback
import urllib.parse
import urllib.request

import importlib.util

import stripe


def built_for():
    """The API version the library was generated from (stripe/api_version.py). Loaded aside:
    importing stripe.api_version would shadow the stripe.api_version setting with the module."""
    path = os.path.join(os.path.dirname(stripe.__file__), "api_version.py")
    spec = importlib.util.spec_from_file_location("_stripe_built_for", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod._ApiVersion.CURRENT


BUILT_FOR = built_for()
checks = 0


def ok(cond, what):
    global checks
    if not cond:
        raise AssertionError(what)
    checks += 1
    print(f"ok {checks} - {what}", flush=True)


def expect_error(cls, fn, what, **attrs):
    try:
        fn()
    except cls as e:
        for k, v in attrs.items():
            got = getattr(e, k, None)
            if callable(v):
                if not v(got):
                    raise AssertionError(f"{what}: {k} is {got!r}")
            elif got != v:
                raise AssertionError(f"{what}: {k} is {got!r}, expected {v!r}")
        ok(True, what)
        return e
    raise AssertionError(f"{what}: no {cls.__name__} raised")


def helper(base, key, method, path, params=None):
    """InvoiceKit's own test helpers (not Stripe's API): plain HTTP, the account's key."""
    data = urllib.parse.urlencode(params).encode() if params else None
    req = urllib.request.Request(base + path, data=data, method=method)
    req.add_header("Authorization", "Basic " + base64.b64encode(f"{key}:".encode()).decode())
    with urllib.request.urlopen(req, timeout=30) as res:
        return json.loads(res.read())


class Receiver(http.server.BaseHTTPRequestHandler):
    deliveries = queue.Queue()

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        Receiver.deliveries.put((body, self.headers.get("Stripe-Signature")))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def wait_for_event(secret, want, timeout=60):
    """The first delivery of event type `want` whose object is what `want` names, verified."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            body, sig = Receiver.deliveries.get(timeout=1)
        except queue.Empty:
            continue
        event = stripe.Webhook.construct_event(body.decode("utf-8"), sig, secret)
        if want(event):
            return body, sig, event
    raise AssertionError("no matching webhook delivery arrived")


def flow(base):
    key = "sk_test_pyflow" + os.urandom(8).hex()
    stripe.api_key = key
    stripe.api_base = base
    stripe.max_network_retries = 0
    ok(stripe.api_version is None, "the library sends no Stripe-Version: the account's default applies")

    # The account's default version, as a Stripe account has one: set to the library's own.
    acct = helper(base, key, "POST", "/_invoicekit/account", {"default_api_version": BUILT_FOR})
    ok(acct["default_api_version"] == BUILT_FOR, f"account default version set to {BUILT_FOR}")

    receiver = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    hook_url = f"http://127.0.0.1:{receiver.server_address[1]}/hook"
    endpoint = stripe.WebhookEndpoint.create(url=hook_url, enabled_events=["invoice.paid", "invoice.voided"])
    ok(endpoint.secret.startswith("whsec_") and endpoint.api_version is None, "webhook endpoint without api_version")

    customer = stripe.Customer.create(name="Jenny Rosen", email="jenny@example.com", metadata={"flow": "python"})
    ok(customer.id.startswith("cus_") and customer.name == "Jenny Rosen", "customer created")
    ok(customer.last_response.headers.get("Stripe-Version") == BUILT_FOR, "answered at the account's default version")
    ok(not hasattr(customer, "default_currency") or customer.get("default_currency") is None, "customer shape")

    vat = stripe.TaxRate.create(display_name="VAT", percentage=20, inclusive=False)
    ok(vat.inclusive is False and vat.percentage == 20, "tax rate created with inclusive=False (sent as Python's False)")
    incl = stripe.TaxRate.create(display_name="GST", percentage=10, inclusive=True)
    ok(incl.inclusive is True, "tax rate created with inclusive=True")
    coupon = stripe.Coupon.create(percent_off=10, duration="once", name="Ten")
    ok(coupon.percent_off == 10 and coupon.valid is True, "coupon created")

    a = stripe.InvoiceItem.create(customer=customer.id, amount=1000, currency="usd", description="Setup", tax_rates=[vat.id])
    b = stripe.InvoiceItem.create(customer=customer.id, unit_amount=500, quantity=3, currency="usd", description="Hours", tax_rates=[vat.id])
    ok(a.amount == 1000 and b.amount == 1500 and b.unit_amount == 500, "invoice items (amount, unit_amount x quantity)")
    ok(b.price is None and b.invoice is None, "invoice items in their 2022 shape (price, no pricing), pending")
    pending = stripe.InvoiceItem.list(customer=customer.id, pending=True)
    ok(len(pending.data) == 2, "pending invoice items listed with pending=True")

    inv = stripe.Invoice.create(
        customer=customer.id,
        pending_invoice_items_behavior="include",
        discounts=[{"coupon": coupon.id}],
        auto_advance=False,
    )
    ok(inv.status == "draft" and len(inv.lines.data) == 2, "draft invoice takes the pending items")
    ok(inv.subtotal == 2500, f"subtotal 2500 (got {inv.subtotal})")
    ok(inv.total_discount_amounts[0].amount == 250, "10% coupon takes 250")
    ok(inv.tax == 450 and inv.total == 2700, f"20% tax on the discounted 2250: tax 450, total 2700 (got {inv.tax}, {inv.total})")
    ok(inv.lines.data[0].type == "invoiceitem" and inv.lines.data[0].tax_amounts[0].amount > 0, "lines in their 2022 shape")

    inv = stripe.Invoice.finalize_invoice(inv.id)
    ok(inv.status == "open" and inv.number, f"finalized as {inv.number}")
    inv = stripe.Invoice.pay(inv.id, paid_out_of_band=True)
    ok(inv.status == "paid" and inv.paid is True and inv.paid_out_of_band is True, "paid out of band (sent as Python's True)")

    stripe.InvoiceItem.create(customer=customer.id, amount=700, currency="usd", tax_rates=[incl.id])
    inv2 = stripe.Invoice.create(customer=customer.id, pending_invoice_items_behavior="include")
    ok(inv2.total == 700 and inv2.tax == 64, f"inclusive 10% tax is inside the amount (tax {inv2.tax})")
    inv2 = stripe.Invoice.finalize_invoice(inv2.id)
    inv2 = stripe.Invoice.void_invoice(inv2.id)
    ok(inv2.status == "void", "second invoice finalized and voided")
    expect_error(
        stripe.error.InvalidRequestError,
        lambda: stripe.Invoice.pay(inv2.id, paid_out_of_band=True),
        "a void invoice cannot be paid",
        http_status=400,
    )

    # Lists, auto-paginated.
    made = {stripe.Customer.create(name=f"Page {i}", metadata={"flow": "python"}).id for i in range(7)}
    seen = [c.id for c in stripe.Customer.list(limit=3).auto_paging_iter()]
    ok(len(seen) == len(set(seen)) and made <= set(seen) and customer.id in seen, f"customers auto-paginated by 3 ({len(seen)})")
    invoices = [i.id for i in stripe.Invoice.list(customer=customer.id, limit=1).auto_paging_iter()]
    ok(invoices == [inv2.id, inv.id], "invoices of the customer auto-paginated by 1, newest first")
    lines = [l.id for l in inv.lines.list(limit=1).auto_paging_iter()]
    ok(len(lines) == 2, "an invoice's lines auto-paginated")

    # Errors: type, code, param.
    expect_error(stripe.error.InvalidRequestError, lambda: stripe.Customer.retrieve("cus_missing"), "missing customer",
                 http_status=404, code="resource_missing", param="id")
    expect_error(stripe.error.InvalidRequestError, lambda: stripe.Customer.create(nmae="x"), "misspelled parameter",
                 code="parameter_unknown", param="nmae", user_message="Received unknown parameter: nmae. Did you mean name?")
    expect_error(stripe.error.InvalidRequestError, lambda: stripe.TaxRate.create(display_name="x", percentage=1, inclusive="yes"),
                 "junk boolean", param="inclusive", user_message="Invalid boolean: yes")
    expect_error(stripe.error.InvalidRequestError, lambda: stripe.InvoiceItem.create(customer=customer.id, currency="usd"),
                 "invoice item without an amount", http_status=400)
    expect_error(stripe.error.AuthenticationError, lambda: stripe.Customer.list(api_key="sk_live_nope"), "bad key", http_status=401)

    # Idempotency.
    k = "pyflow-" + os.urandom(6).hex()
    first = stripe.Customer.create(name="Once", idempotency_key=k)
    again = stripe.Customer.create(name="Once", idempotency_key=k)
    ok(first.id == again.id and again.last_response.headers.get("Idempotent-Replayed") == "true", "idempotent replay")
    expect_error(stripe.error.IdempotencyError, lambda: stripe.Customer.create(name="Other", idempotency_key=k),
                 "same key, other params", http_status=400)

    # Webhooks: signed deliveries, verified by the library, at the account's default version.
    body, sig, event = wait_for_event(endpoint.secret, lambda e: e.type == "invoice.paid" and e.data.object.id == inv.id)
    ok(event.api_version == BUILT_FOR, f"invoice.paid rendered at {event.api_version}")
    ok(event.data.object.paid is True and event.data.object.total == 2700, "the event's invoice in the 2022 shape")
    expect_error(stripe.error.SignatureVerificationError,
                 lambda: stripe.Webhook.construct_event(body.decode().replace("2700", "2701"), sig, endpoint.secret),
                 "a tampered payload fails verification")
    expect_error(stripe.error.SignatureVerificationError,
                 lambda: stripe.Webhook.construct_event(body.decode(), sig, "whsec_wrong"), "a wrong secret fails verification")
    _, _, voided = wait_for_event(endpoint.secret, lambda e: e.type == "invoice.voided" and e.data.object.id == inv2.id)
    ok(voided.data.object.status == "void", "invoice.voided delivered and verified")
    receiver.shutdown()


def main():
    if len(sys.argv) != 2:
        print("usage: flow.py BASE_URL", file=sys.stderr)
        return 2
    print(f"python3-stripe {stripe.version.VERSION}, built for API version {BUILT_FOR}, against {sys.argv[1]}", flush=True)
    try:
        flow(sys.argv[1])
    except Exception as e:  # noqa: BLE001 - any failure is the flow's failure
        traceback.print_exc()
        print(f"FAIL: python3-stripe flow after {checks} checks: {e}", flush=True)
        return 1
    print(f"PASS: python3-stripe {stripe.version.VERSION} flow, {checks} checks", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
