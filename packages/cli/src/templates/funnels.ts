/**
 * Scaffolds for the classic funnel models (3, 4 and 5 stages). Each is a complete journey that
 * validates with no diagnostics; `{{TITLE}}` is replaced by the journey's name.
 */

/** awareness → consideration → decision. */
export const THREE_STAGE = `# A 3-stage funnel: awareness → consideration → decision.
journey "{{TITLE}}" {
  version 1
  description "Awareness, consideration and decision: the classic 3-stage funnel."

  channels email

  customer {
    email      text required
    first_name text
    lead_score number
  }

  event content_viewed
  event demo_requested
  event purchase {
    value number required
  }
  event unsubscribed

  segment warm_lead = lead_score >= 10

  enroll when email is set
  goal stage decision
  exit when event unsubscribed

  stage awareness initial {
    label "Awareness"
    on enter { send email "welcome" with { name: first_name } }
    on event content_viewed { add 5 to lead_score }
    go to consideration when warm_lead
    go to consideration when event demo_requested
    go to lost when inactive for 30 days
  }

  stage consideration {
    label "Consideration"
    on enter { send email "case-studies" }
    after 3 days { send email "free-consultation" with { name: first_name } }
    go to decision when event purchase
    go to awareness when inactive for 21 days
  }

  stage decision terminal {
    label "Decision"
    on enter { send email "thank-you" with { value: event.value } }
  }

  stage lost terminal
}
`;

/** acquisition → conversion → retention → loyalty (the CRM model). */
export const FOUR_STAGE = `# A 4-stage CRM lifecycle: acquisition → conversion → retention → loyalty.
journey "{{TITLE}}" {
  version 1
  description "Acquisition, conversion, retention and loyalty (the CRM model)."

  channels email, sms

  customer {
    email      text required
    first_name text
    phone      text
    orders     number
  }

  event purchase {
    value number required
  }
  event unsubscribed

  segment repeat_buyer = orders >= 3

  enroll when email is set
  goal when event purchase
  exit when event unsubscribed
  reentry after 180 days

  stage acquisition initial {
    label "Acquisition"
    on enter { send email "welcome" with { name: first_name } }
    after 3 days {
      send email "first-order-offer" with { code: "WELCOME10" }
      send sms "first-order-offer" if phone is set
    }
    go to conversion when event purchase
    go to lapsed when inactive for 30 days
  }

  stage conversion {
    label "Conversion"
    on enter {
      add 1 to orders
      send email "thank-you" with { value: event.value }
    }
    after 7 days { send email "review-request" }
    go to retention after 14 days
  }

  stage retention {
    label "Retention"
    on event purchase { add 1 to orders }
    every 30 days { send email "new-arrivals" }
    go to loyalty when repeat_buyer
    go to lapsed when inactive for 60 days
  }

  stage loyalty {
    label "Loyalty"
    on enter {
      send email "loyalty-programme" with { name: first_name }
      tag "loyal"
    }
    go to lapsed when inactive for 90 days
  }

  stage lapsed {
    label "Lapsed"
    on enter { send email "win-back" with { code: "COMEBACK20" } }
    go to retention when event purchase
    go to lost after 30 days
  }

  stage lost terminal
}
`;

/** reach → acquisition → conversion → retention → loyalty (the marketing model). */
export const FIVE_STAGE = `# A 5-stage marketing lifecycle: reach → acquisition → conversion → retention → loyalty.
journey "{{TITLE}}" {
  version 1
  description "Reach, acquisition, conversion, retention and loyalty (the marketing model)."

  channels email, push

  customer {
    email      text
    first_name text
    orders     number
    interests  list of text
  }

  event visit
  event signed_up
  event purchase {
    value number required
  }
  event unsubscribed

  segment loyal = orders >= 5

  goal when event purchase
  exit when event unsubscribed
  reentry after 90 days

  stage reach initial {
    label "Reach"
    go to acquisition when event signed_up
    go to acquisition when email is set
    go to gone when inactive for 30 days
  }

  stage acquisition {
    label "Acquisition"
    on enter { send email "welcome" with { name: first_name } }
    after 2 days { send email "picked-for-you" with { interests: interests } }
    go to conversion when event purchase
    go to gone when inactive for 45 days
  }

  stage conversion {
    label "Conversion"
    on enter {
      add 1 to orders
      send email "order-confirmation" with { value: event.value }
    }
    go to retention after 7 days
  }

  stage retention {
    label "Retention"
    on event purchase { add 1 to orders }
    every 14 days { send push "new-arrivals" }
    go to loyalty when loyal
    go to gone when inactive for 90 days
  }

  stage loyalty {
    label "Loyalty"
    on enter {
      send email "vip-welcome" with { name: first_name }
      tag "vip"
    }
    on event visit { send push "member-offer" }
    go to gone when inactive for 120 days
  }

  stage gone terminal
}
`;
