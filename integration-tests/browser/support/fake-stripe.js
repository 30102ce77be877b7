// A stand-in for Stripe.js (https://js.stripe.com/basil/stripe.js), served
// by stripe.spec.ts through Playwright's routing so the journey runs offline.
// It offers what the portal uses — Stripe(key), elements({ mode, … }),
// create("payment"), mount, on("ready" | "change"), update, submit,
// confirmPayment, confirmSetup — and mounts a plain form in the element's
// container. Confirming posts to https://api.stripe.com/v1/…/confirm with the
// client secret, as Stripe.js does; the suite routes that to the fake API's
// state in the server process (setup/fake-stripe-api.js). Every call is
// recorded on window.__fakeStripe for the suite to assert on.
;(function () {
  var calls = []
  window.__fakeStripe = { calls: calls }

  function field(root, id, label, autocomplete) {
    var wrap = document.createElement("div")
    wrap.style.cssText = "display:flex;flex-direction:column;gap:4px;flex:1;min-width:7rem"
    var l = document.createElement("label")
    l.htmlFor = id
    l.textContent = label
    l.style.cssText = "font-size:13px;color:#30313d"
    var input = document.createElement("input")
    input.id = id
    input.autocomplete = autocomplete
    input.inputMode = "numeric"
    input.style.cssText = "border:1px solid #e0e0e6;border-radius:8px;padding:10px 12px;font-size:14px;color:#30313d;background:#fff"
    wrap.appendChild(l)
    wrap.appendChild(input)
    root.appendChild(wrap)
    return input
  }

  function Stripe(key, options) {
    calls.push({ call: "Stripe", key: key, options: options || null })
    var stripe = {
      _registerWrapper: function () {},
      elements: function (elementsOptions) {
        calls.push({ call: "elements", options: JSON.parse(JSON.stringify(elementsOptions)) })
        var current = Object.assign({}, elementsOptions)
        var element = null
        var inputs = {}
        var complete = false
        var type = (elementsOptions.paymentMethodTypes || ["card"])[0]
        var elements = {
          create: function (kind, createOptions) {
            calls.push({ call: "create", kind: kind })
            var handlers = {}
            var emit = function (name, event) {
              ;(handlers[name] || []).forEach(function (fn) {
                fn(event)
              })
            }
            var root = document.createElement("div")
            root.className = "fake-stripe-payment-element"
            root.style.cssText = "display:flex;flex-wrap:wrap;gap:12px;font-family:system-ui,sans-serif"
            if (type === "card") {
              inputs.number = field(root, "fake-stripe-card-number", "Card number", "cc-number")
              inputs.exp = field(root, "fake-stripe-card-expiry", "Expiration (MM / YY)", "cc-exp")
              inputs.cvc = field(root, "fake-stripe-card-cvc", "Security code", "cc-csc")
            } else {
              inputs.routing = field(root, "fake-stripe-routing-number", "Routing number", "off")
              inputs.account = field(root, "fake-stripe-account-number", "Account number", "off")
            }
            Object.keys(inputs).forEach(function (name) {
              inputs[name].addEventListener("input", function () {
                complete = Object.keys(inputs).every(function (n) {
                  return inputs[n].value.trim() !== ""
                })
                emit("change", { elementType: "payment", complete: complete, empty: false, value: { type: type } })
              })
            })
            element = {
              mount: function (target) {
                var node = typeof target === "string" ? document.querySelector(target) : target
                node.appendChild(root)
                setTimeout(function () {
                  emit("ready", { elementType: "payment" })
                }, 0)
              },
              on: function (name, fn) {
                ;(handlers[name] = handlers[name] || []).push(fn)
                return element
              },
              off: function () {
                return element
              },
              update: function (updateOptions) {
                if (updateOptions && "readOnly" in updateOptions) {
                  Object.keys(inputs).forEach(function (n) {
                    inputs[n].readOnly = !!updateOptions.readOnly
                  })
                }
              },
              unmount: function () {
                root.remove()
              },
              destroy: function () {
                root.remove()
              },
            }
            return element
          },
          getElement: function () {
            return element
          },
          update: function (updateOptions) {
            calls.push({ call: "elements.update", options: JSON.parse(JSON.stringify(updateOptions)) })
            Object.assign(current, updateOptions)
          },
          submit: function () {
            calls.push({ call: "submit" })
            if (!complete) {
              var message = type === "card" ? "Your card number is incomplete." : "Your bank account details are incomplete."
              return Promise.resolve({ error: { type: "validation_error", code: "incomplete", message: message } })
            }
            return Promise.resolve({})
          },
          __details: function () {
            if (type === "card") {
              return {
                "payment_method_data[type]": "card",
                "payment_method_data[card][number]": inputs.number.value.replace(/\s+/g, ""),
                "payment_method_data[card][exp]": inputs.exp.value.replace(/\s+/g, ""),
              }
            }
            return {
              "payment_method_data[type]": "us_bank_account",
              "payment_method_data[us_bank_account][routing_number]": inputs.routing.value.trim(),
              "payment_method_data[us_bank_account][account_number]": inputs.account.value.trim(),
            }
          },
        }
        return elements
      },
      confirmPayment: function (params) {
        return confirm("payment_intents", "paymentIntent", params)
      },
      confirmSetup: function (params) {
        return confirm("setup_intents", "setupIntent", params)
      },
    }

    function confirm(path, resultKey, params) {
      calls.push({ call: path === "payment_intents" ? "confirmPayment" : "confirmSetup", clientSecret: params.clientSecret, redirect: params.redirect })
      var id = String(params.clientSecret).split("_secret_")[0]
      var body = new URLSearchParams(Object.assign({ client_secret: params.clientSecret, key: key }, params.elements.__details()))
      return fetch("https://api.stripe.com/v1/" + path + "/" + id + "/confirm", { method: "POST", body: body })
        .then(function (res) {
          return res.json().then(function (answer) {
            if (!res.ok) return { error: answer.error }
            var result = {}
            result[resultKey] = answer
            return result
          })
        })
        .catch(function () {
          return { error: { type: "api_connection_error", message: "We could not reach Stripe. Please try again." } }
        })
    }

    return stripe
  }
  Stripe.version = "basil"
  window.Stripe = Stripe
})()
