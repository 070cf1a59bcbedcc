import { Link, Text } from "@react-email/components";
import { textStyle } from "./Layout";

/** The two ways to a new password, each with its address written out for mail clients that hide links. */
export function NewPasswordLinks({ links }: { links: { label: string; url: string }[] }) {
  return (
    <>
      {links.map(({ label, url }) => (
        <Text key={url} style={{ ...textStyle, wordBreak: "break-all" }}>
          <Link href={url}>{label}</Link>
          <br />
          {url}
        </Text>
      ))}
    </>
  );
}
