import type { Metadata } from "next";
import { Placeholder } from "@/components/placeholder";

export const metadata: Metadata = { title: "New blast" };

export default function NewblastPage() {
  return <Placeholder title="New blast">Not built yet. The blast composer (recipients, template, custom message, send now or schedule) arrives with the blast pipeline.</Placeholder>;
}
