import { Heading, Section, Text } from "@react-email/components";
import { EmailLayout } from "./components/email-layout";
import { Greeting, Signature } from "./components/greeting-and-signature";
import { MultilineText } from "./components/multiline-text";
import { previewBase, type BlastEmailProps } from "./components/template-props";
import * as s from "./components/styles";

const claimSteps = [
  "Make sure everyone is safe. If there is an emergency, call 911 first.",
  "Prevent further damage if it is safe to do so (cover broken windows, shut off water), and keep the receipts.",
  "Take photos or video of all damage before cleaning up or throwing anything away.",
  "Call us to open your claim — have your policy number ready if you can.",
  "Keep a list of damaged items and any extra living expenses while you are displaced.",
];

/** Sent after a storm, fire or flood: urgent, so the hotline comes before anything else. */
export default function DisasterClaimsEmail(props: BlastEmailProps) {
  const { agencyName, agencyPhone, customMessage } = props;
  const hotline = agencyPhone?.trim();
  return (
    <EmailLayout {...props} preview={`We're here to help you file your claim${hotline ? ` — call ${hotline}` : ""}`}>
      <Heading as="h1" style={s.heading}>
        We&apos;re here to help you recover
      </Heading>
      <Greeting firstName={props.firstName} />
      <Section style={s.callout}>
        <Text style={{ ...s.paragraph, margin: 0, fontWeight: 600 }}>
          {hotline ? `Claims hotline: ${hotline}` : "To start a claim, reply to this email or call our office."}
        </Text>
        <Text style={{ ...s.paragraph, margin: 0, fontSize: "14px" }}>
          Our team is answering calls and will walk you through every step.
        </Text>
      </Section>
      <MultilineText text={customMessage} style={s.paragraph} />
      <Text style={{ ...s.paragraph, fontWeight: 600, marginBottom: "8px" }}>How to file a claim</Text>
      <ol style={{ ...s.paragraph, paddingLeft: "22px" }}>
        {claimSteps.map((step) => (
          <li key={step} style={{ marginBottom: "6px" }}>
            {step}
          </li>
        ))}
      </ol>
      <Text style={s.paragraph}>Please stay safe. We will get through this together.</Text>
      <Signature senderName={props.senderName} agencyName={agencyName} closing="With care," />
    </EmailLayout>
  );
}

DisasterClaimsEmail.PreviewProps = {
  ...previewBase,
  customMessage:
    "Hurricane Delia brought flooding to much of the coast last night. If your home, car or business was damaged, we want to hear from you.\n\nOur office on Main Street is open extended hours this week.",
} satisfies BlastEmailProps;
