import type { Metadata } from "next";
import { Placeholder } from "@/components/placeholder";

export const metadata: Metadata = { title: "Templates" };

export default function TemplatesPage() {
  return <Placeholder title="Templates">Not built yet. The template gallery with a live preview arrives with the email templates.</Placeholder>;
}
