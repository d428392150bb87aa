/**
 * The e-commerce scaffold: welcome series with an A/B split, abandoned cart, post-purchase,
 * win-back and referral. `{{TITLE}}` is replaced by the journey's name.
 */

/** The e-commerce lifecycle of the design spec. */
export const ECOMMERCE = `# An e-commerce lifecycle: welcome, abandoned cart, post-purchase, win-back and referral.
journey "{{TITLE}}" {
  version 1
  description "Welcome series, abandoned cart, post-purchase, win-back, referral."

  channels email, sms

  customer {
    email         text required
    first_name    text
    phone         text
    orders        number
    nps           number
    last_order_at datetime
  }

  event purchase {
    value    number required
    order_id text
  }
  event cart_abandoned {
    items list of text
    value number
  }
  event visit
  event unsubscribed

  segment promoter = nps >= 9

  enroll when email is set
  goal when event purchase
  exit when event unsubscribed
  reentry after 90 days
  holdout 5%

  stage welcome initial {
    label "Welcome"
    on enter {
      split welcome_subject {
        variant short 50% { send email "welcome-short" with { name: first_name } }
        variant long 40% { send email "welcome-long" with { name: first_name } }
        control 10%
      }
    }
    after 2 days { send email "welcome-2" unless orders > 0 }
    go to cart when event cart_abandoned
    go to buyer when event purchase with value > 0
    go to dormant when inactive for 14 days
  }

  stage cart {
    label "Abandoned cart"
    after 1 hour { send email "cart-reminder-1" with { items: event.items } }
    after 24 hours { send sms "cart-reminder-2" with { code: "CART10" } if phone is set }
    go to buyer when event purchase
    go to dormant after 7 days
  }

  stage buyer {
    label "Buyer"
    on enter {
      add 1 to orders
      send email "thank-you" with { order: event.order_id }
    }
    after 5 days { send email "review-request" }
    on event purchase { add 1 to orders }
    go to advocate when promoter
    go to dormant when last_order_at more than 60 days ago and inactive for 60 days
  }

  stage dormant {
    label "Dormant"
    on enter { send email "win-back" with { code: "COMEBACK20" } }
    go to buyer when event purchase
    go to welcome when event visit
    go to lost after 30 days
  }

  stage advocate {
    label "Advocate"
    on enter { send email "referral-ask" }
    go to dormant when inactive for 60 days
  }

  stage lost terminal
}
`;
