/** The functions' services: built in one place in lib/ (lib/services.ts), named `runtime` where steps use them. */
export { services as runtime } from "@/lib/services";
