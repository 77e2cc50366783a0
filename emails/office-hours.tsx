import { Heading, Text } from "@react-email/components";
import { EmailLayout } from "./components/email-layout";
import { Greeting, Signature } from "./components/greeting-and-signature";
import { MultilineText } from "./components/multiline-text";
import { previewBase, type BlastEmailProps } from "./components/template-props";
import * as s from "./components/styles";

/** Office hours, closures and general announcements: the agent's message carries the news. */
export default function OfficeHoursEmail(props: BlastEmailProps) {
  const { agencyName, customMessage } = props;
  return (
    <EmailLayout {...props} preview={`An update from ${agencyName}`}>
      <Heading as="h1" style={s.heading}>
        An update from {agencyName}
      </Heading>
      <Greeting firstName={props.firstName} />
      {customMessage?.trim() ? (
        <MultilineText text={customMessage} style={s.paragraph} />
      ) : (
        <Text style={s.paragraph}>
          We wanted to let you know about a change to our office hours. Our team is here to help with your policies as always.
        </Text>
      )}
      <Text style={s.paragraph}>
        If you have questions about your coverage, just reply to this email{props.agencyPhone ? ` or call us at ${props.agencyPhone}` : ""}.
      </Text>
      <Signature senderName={props.senderName} agencyName={agencyName} />
    </EmailLayout>
  );
}

OfficeHoursEmail.PreviewProps = {
  ...previewBase,
  customMessage:
    "Our office will be closed on Monday, September 2 for Labor Day.\n\nStarting September 3 our new hours are:\nMonday–Friday 8:30 am – 5:30 pm\nSaturday 9 am – noon",
} satisfies BlastEmailProps;
