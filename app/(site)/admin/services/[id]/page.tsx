import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { Alert } from "@/app/ui/alert";
import { Button, buttonClass } from "@/app/ui/button";
import { Notice } from "@/app/ui/notice";
import { getDb } from "@/lib/db/client";
import { appOrigin } from "@/lib/env";
import { loadService } from "@/lib/flows/admin/services";
import { adminScope } from "../../scope";
import { serviceFormValues } from "../schema";
import { ServiceForm } from "../service-form";
import { deleteServiceAction, rotateServiceSecretAction, updateServiceAction } from "./actions";
import { RotateSecretForm } from "./rotate-secret-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin.services.service"))("metaTitle") };
}

type Search = { confirm?: string; saved?: string };

/**
 * A service's page: what its operators need to connect it, its settings, and two actions that
 * work without JavaScript, each confirmed on a second step (`?confirm=rotate`, `?confirm=delete`).
 */
export default async function ServicePage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Search>;
}) {
  const { id } = await params;
  const { scope } = await adminScope(`/admin/services/${id}`);
  const search = await searchParams;
  const found = await loadService(await getDb(), scope, id, search);
  if (!found) notFound();
  const t = await getTranslations("admin.services");
  const { service, confirmation } = found;
  const issuer = appOrigin();
  const rows: [string, React.ReactNode][] = [
    [
      t("columns.clientId"),
      <code key="id" className="font-mono break-all">
        {service.clientId}
      </code>,
    ],
    [
      t("service.secret"),
      service.kind === "public"
        ? t("service.secretPublic")
        : service.hasSecret
          ? t("service.secretSet")
          : t("service.secretKey"),
    ],
    [
      t("service.issuer"),
      <code key="iss" className="font-mono break-all">
        {issuer}
      </code>,
    ],
    [
      t("service.discovery"),
      <code key="disc" className="font-mono break-all">{`${issuer}/.well-known/openid-configuration`}</code>,
    ],
  ];
  return (
    <div className="max-w-2xl">
      <p className="mb-4">
        <Link href="/admin/services">{t("service.back")}</Link>
      </p>
      <h1 className="mb-4 text-3xl font-bold break-words">{service.name}</h1>
      {search.saved === "1" && !confirmation && <Notice>{t("service.saved")}</Notice>}
      {confirmation === "rotate" && (
        <RotateSecretForm
          action={rotateServiceSecretAction.bind(null, service.id)}
          serviceId={service.id}
          name={service.name}
        />
      )}
      {confirmation === "delete" && (
        <Alert variant="info" as="section" id="confirm" aria-labelledby="confirm-heading">
          <h2 id="confirm-heading" className="mb-2 text-xl font-bold">
            {t("confirm.heading")}
          </h2>
          <p className="mb-4">{t("confirm.delete", { name: service.name })}</p>
          <div className="flex flex-wrap items-center gap-4">
            <form action={deleteServiceAction.bind(null, service.id)}>
              <Button variant="primary">{t("confirm.deleteYes")}</Button>
            </form>
            <Link href={`/admin/services/${service.id}`}>{t("confirm.cancel")}</Link>
          </div>
        </Alert>
      )}

      <h2 className="mb-2 text-xl font-bold">{t("service.details")}</h2>
      <dl className="mb-8 divide-y divide-slate-300 rounded border border-slate-300 bg-white">
        {rows.map(([term, value]) => (
          <div key={term} className="grid gap-1 px-4 py-2 sm:grid-cols-3">
            <dt className="font-semibold">{term}</dt>
            <dd className="break-words sm:col-span-2">{value}</dd>
          </div>
        ))}
      </dl>

      <h2 className="mb-2 text-xl font-bold">{t("service.actionsHeading")}</h2>
      <ul className="mb-8 flex flex-wrap gap-3">
        {service.hasSecret && (
          <li>
            <Link
              href={`/admin/services/${service.id}?confirm=rotate#confirm`}
              className={`${buttonClass()} inline-block no-underline`}
            >
              {t("service.rotate")}
            </Link>
          </li>
        )}
        <li>
          <Link
            href={`/admin/services/${service.id}?confirm=delete#confirm`}
            className={`${buttonClass()} inline-block no-underline`}
          >
            {t("service.delete")}
          </Link>
        </li>
      </ul>

      <h2 id="settings-heading" className="mb-4 text-xl font-bold">
        {t("service.settingsHeading")}
      </h2>
      <ServiceForm
        action={updateServiceAction.bind(null, service.id)}
        initial={serviceFormValues(service)}
        mode="edit"
        serviceId={service.id}
      />
    </div>
  );
}
