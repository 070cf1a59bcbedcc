import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { adminScope } from "../../scope";
import { NEW_SERVICE_VALUES } from "../schema";
import { ServiceForm } from "../service-form";
import { createServiceAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin.services.newPage"))("metaTitle") };
}

export default async function NewServicePage() {
  await adminScope("/admin/services/new");
  const t = await getTranslations("admin.services");
  return (
    <div className="max-w-2xl">
      <p className="mb-4">
        <Link href="/admin/services">{t("service.back")}</Link>
      </p>
      <h1 className="mb-2 text-3xl font-bold">{t("newPage.title")}</h1>
      <p className="mb-6">{t("newPage.intro")}</p>
      <ServiceForm action={createServiceAction} initial={NEW_SERVICE_VALUES} mode="create" />
    </div>
  );
}
