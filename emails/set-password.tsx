import { Body, Button, Container, Head, Heading, Html, Link, Preview, Section, Text } from "@react-email/components";
import * as s from "./components/styles";

/** Sent to a new agent: the one-time link to choose a password. Transactional (no unsubscribe footer). */
export type SetPasswordEmailProps = {
  agentName: string;
  agencyName: string;
  invitedBy: string;
  url: string;
  /** e.g. "72 hours" */
  validFor: string;
};

const button = {
  backgroundColor: s.colors.brand,
  color: "#ffffff",
  borderRadius: "6px",
  padding: "12px 20px",
  fontSize: "16px",
  fontWeight: 600,
  textDecoration: "none",
};

export default function SetPasswordEmail({ agentName, agencyName, invitedBy, url, validFor }: SetPasswordEmailProps) {
  return (
    <Html lang="en">
      <Head />
      <Preview>{`Set your password for ${agencyName} on Blast`}</Preview>
      <Body style={s.body}>
        <Container style={s.container}>
          <Section style={s.header}>
            <Text style={s.headerText}>{agencyName}</Text>
          </Section>
          <Section style={s.content}>
            <Heading as="h1" style={s.heading}>
              Welcome to Blast
            </Heading>
            <Text style={{ ...s.paragraph, marginTop: "24px" }}>{`Hi ${agentName.trim() || "there"},`}</Text>
            <Text style={s.paragraph}>
              {invitedBy} added you to {agencyName}&apos;s email dashboard. Choose a password to sign in:
            </Text>
            <Section style={{ margin: "8px 0 24px" }}>
              <Button href={url} style={button}>
                Set your password
              </Button>
            </Section>
            <Text style={s.paragraph}>
              Or paste this link into your browser:{" "}
              <Link href={url} style={s.link}>
                {url}
              </Link>
            </Text>
            <Text style={s.paragraph}>
              The link works once and expires in {validFor}. If you did not expect this email, you can ignore it.
            </Text>
          </Section>
          <Section style={s.footer}>
            <Text style={s.footerText}>Sent by Blast on behalf of {agencyName}.</Text>
          </Section>
        </Container>
      </Body>
    </Html>
  );
}

SetPasswordEmail.PreviewProps = {
  agentName: "Sam Rivera",
  agencyName: "Harbor Mutual Insurance",
  invitedBy: "Dana Whitfield",
  url: "https://blast.example.com/set-password/preview-token",
  validFor: "72 hours",
} satisfies SetPasswordEmailProps;
