/**
 * Scaffolds for SaaS lifecycles: the 6-stage model and the collapsed SaaS variant with an
 * onboarding stage. `{{TITLE}}` is replaced by the journey's name.
 */

/** awareness → consideration → purchase → retention → advocacy → loyalty. */
export const SIX_STAGE = `# A 6-stage SaaS lifecycle: awareness → consideration → purchase → retention → advocacy → loyalty.
journey "{{TITLE}}" {
  version 1
  description "Awareness, consideration, purchase, retention, advocacy and loyalty."

  channels email, webhook

  customer {
    email      text required
    first_name text
    plan       one of "free", "pro", "enterprise"
    nps        number
    seats      number
  }

  event webinar_attended
  event trial_started
  event subscribed {
    plan text required
  }
  event referral_sent
  event cancelled

  segment paying = plan in ("pro", "enterprise")
  segment promoter = nps >= 9

  enroll when email is set
  goal stage purchase
  exit when event cancelled

  stage awareness initial {
    label "Awareness"
    on enter { send email "welcome" with { name: first_name } }
    go to consideration when event webinar_attended or event trial_started
    go to purchase when paying
  }

  stage consideration {
    label "Consideration"
    on enter { send email "case-studies" }
    after 5 days { send email "book-a-demo" with { name: first_name } }
    go to purchase when event subscribed
    go to awareness when inactive for 30 days
  }

  stage purchase {
    label "Purchase"
    on enter {
      send email "receipt-and-setup"
      send webhook "crm-customer-won"
    }
    go to retention after 14 days
  }

  stage retention {
    label "Retention"
    every 30 days { send email "product-updates" }
    go to advocacy when promoter
    go to churn_risk when inactive for 30 days
  }

  stage advocacy {
    label "Advocacy"
    on enter { send email "referral-ask" with { name: first_name } }
    go to loyalty when event referral_sent
    go to loyalty after 30 days
  }

  stage loyalty {
    label "Loyalty"
    on enter {
      send email "customer-community-invite"
      tag "champion"
    }
    go to churn_risk when inactive for 60 days
  }

  stage churn_risk {
    label "At risk"
    on enter {
      send email "we-miss-you" if seats > 1
      send webhook "alert-account-manager"
    }
    go to retention when event trial_started or event webinar_attended
    go to churned after 30 days
  }

  stage churned terminal
}
`;

/** The collapsed SaaS model: acquisition → onboarding → retention → expansion. */
export const SAAS = `# A SaaS lifecycle: sign-up (acquisition) → onboarding → retention → expansion.
journey "{{TITLE}}" {
  version 1
  description "Trial sign-up, guided onboarding, retention and up-sell."

  channels email, push

  customer {
    email        text required
    first_name   text
    plan         one of "trial", "starter", "pro"
    signed_up_at datetime required
    projects     number
  }

  event project_created
  event invited_teammate
  event upgraded {
    plan text required
  }
  event cancelled

  segment activated = projects >= 1

  enroll when email is set
  goal when event upgraded
  exit when event cancelled
  reentry never

  stage acquisition initial {
    label "Sign-up"
    on enter {
      split welcome_subject {
        variant friendly 50% { send email "welcome-friendly" with { name: first_name } }
        variant direct 50% { send email "welcome-direct" with { name: first_name } }
      }
    }
    go to onboarding when email is set
  }

  stage onboarding {
    label "Onboarding"
    after 1 day { send email "create-your-first-project" unless activated }
    after 3 days { send push "invite-your-team" }
    on event project_created { add 1 to projects }
    go to retention when activated
    go to stalled after 7 days
  }

  stage stalled {
    label "Stalled"
    on enter { send email "need-a-hand" with { name: first_name } }
    on event project_created { add 1 to projects }
    go to retention when activated
    go to lost when signed_up_at more than 30 days ago
  }

  stage retention {
    label "Retention"
    every 14 days { send email "tips-and-tricks" }
    go to expansion when event invited_teammate
    go to stalled when inactive for 30 days
  }

  stage expansion {
    label "Expansion"
    on enter { send email "upgrade-offer" if plan != "pro" }
    go to retention after 30 days
  }

  stage lost terminal
}
`;
