import { Text } from "@react-email/components";
import { greetingName, type BlastEmailProps } from "./template-props";
import * as s from "./styles";

export function Greeting({ firstName }: Pick<BlastEmailProps, "firstName">) {
  return <Text style={{ ...s.paragraph, marginTop: "24px" }}>{`Hi ${greetingName(firstName)},`}</Text>;
}

/** Signed by the agent when known, otherwise by the agency itself. */
export function Signature({
  senderName,
  agencyName,
  closing = "Warm regards,",
}: Pick<BlastEmailProps, "senderName" | "agencyName"> & { closing?: string }) {
  const name = (senderName ?? "").trim();
  return (
    <Text style={s.paragraph}>
      {closing}
      <br />
      {name || `The ${agencyName} team`}
      {name ? (
        <>
          <br />
          {agencyName}
        </>
      ) : null}
    </Text>
  );
}
