import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

export default function BlastNotFound() {
  return (
    <EmptyState title="Blast not found" action={<ButtonLink href="/blasts">Back to blasts</ButtonLink>}>
      It may have been sent from another agency&apos;s account, or the link is wrong.
    </EmptyState>
  );
}
