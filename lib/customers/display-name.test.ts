import { expect, it } from "vitest";
import { displayName, NO_NAME } from "./display-name";

it("names a customer 'First Last', with the caller's stand-in when there is no name", () => {
  expect(displayName({ firstName: " Ana ", lastName: "Ruiz" })).toBe("Ana Ruiz");
  expect(displayName({ firstName: "Ana", lastName: "" })).toBe("Ana");
  expect(displayName({ firstName: "", lastName: null }, NO_NAME)).toBe("(no name)");
  expect(displayName({ firstName: "", lastName: "" }, "ana@x.test")).toBe("ana@x.test");
});
