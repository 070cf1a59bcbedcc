import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { adminScope } from "../../scope";
import { CreateUserForm } from "./create-user-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin.create"))("metaTitle") };
}

export default async function CreateUserPage() {
  const { current } = await adminScope("/admin/users/new");
  const t = await getTranslations("admin.create");
  const org = current.organization;
  return (
    <div className="max-w-xl">
      <h1 className="mb-2 text-3xl font-bold">{t("title")}</h1>
      <p className="mb-6">{t("intro")}</p>
      <CreateUserForm
        byNumber={org.identifierKind === "membership_number"}
        licence={org.licence}
        organization={org.name}
        defaultLanguage={org.defaultLanguage}
      />
    </div>
  );
}
