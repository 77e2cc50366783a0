import type { Metadata } from "next";
import { Placeholder } from "@/components/placeholder";

export const metadata: Metadata = { title: "Blasts" };

export default function BlastsPage() {
  return <Placeholder title="Blasts">Not built yet. The list of blasts with their status and live progress arrives with the blast pipeline.</Placeholder>;
}
