import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/guards";

export default async function Home() {
  redirect((await getCurrentUser()) ? "/account" : "/login");
}
