import { Heading, Text } from "@react-email/components";
import { EmailLayout } from "./components/email-layout";
import { Greeting, Signature } from "./components/greeting-and-signature";
import { MultilineText } from "./components/multiline-text";
import { previewBase, type BlastEmailProps } from "./components/template-props";
import * as s from "./components/styles";

/** Seasonal greeting: warm, short, no sales pitch unless the agent writes one. */
export default function HolidayGreetingEmail(props: BlastEmailProps) {
  const { agencyName, customMessage } = props;
  return (
    <EmailLayout {...props} preview={`Season's greetings from all of us at ${agencyName}`}>
      <Heading as="h1" style={{ ...s.heading, textAlign: "center" }}>
        Season&apos;s greetings
      </Heading>
      <Greeting firstName={props.firstName} />
      {customMessage?.trim() ? (
        <MultilineText text={customMessage} style={s.paragraph} />
      ) : (
        <Text style={s.paragraph}>
          As the year comes to a close, all of us at {agencyName} want to thank you for your trust. We wish you and your loved ones a safe,
          happy and healthy holiday season.
        </Text>
      )}
      <Signature senderName={props.senderName} agencyName={agencyName} closing="Happy holidays," />
    </EmailLayout>
  );
}

HolidayGreetingEmail.PreviewProps = {
  ...previewBase,
  customMessage:
    "Thank you for letting us look after your family this year.\n\nOur office closes at noon on December 24 and reopens on January 2. Wishing you a wonderful holiday season!",
} satisfies BlastEmailProps;
